"""Early signals (vroegsignalering): a worried teacher, GP or neighbour tells the municipality
about a young mother; the municipal contact person triages it, with an append-only history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from droomplan.programmes.models import Municipality, Programme


class SignallerRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher or school staff")
    GP = "gp", _("GP or health care")
    NEIGHBOUR = "neighbour", _("Neighbour")
    FAMILY = "family", _("Family member or friend")
    PARTNER = "partner", _("Professional at a partner organisation")
    MOTHER = "mother", _("The mother herself")
    OTHER = "other", _("Someone else")


class MotherKnows(models.TextChoices):
    YES = "yes", pgettext_lazy("mother knows", "Yes")
    NO = "no", pgettext_lazy("mother knows", "No")
    UNKNOWN = "unknown", pgettext_lazy("mother knows", "I don't know")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone, registered by staff")


class SignalStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_CONTACT = "in_contact", _("In contact")
    INTAKE_PROPOSED = "intake_proposed", _("Intake proposed")
    INTAKE = "intake", pgettext_lazy("signal status", "Intake")
    REFERRED = "referred", _("Referred elsewhere")
    NO_ACTION = "no_action", _("No action")


OPEN_STATUSES = frozenset(
    {SignalStatus.RECEIVED, SignalStatus.IN_CONTACT, SignalStatus.INTAKE_PROPOSED}
)
CLOSED_STATUSES = frozenset({SignalStatus.INTAKE, SignalStatus.REFERRED, SignalStatus.NO_ACTION})
# The steps a signal may take from each status. Closed signals take none.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    SignalStatus.RECEIVED: (SignalStatus.IN_CONTACT, SignalStatus.REFERRED, SignalStatus.NO_ACTION),
    SignalStatus.IN_CONTACT: (
        SignalStatus.INTAKE_PROPOSED,
        SignalStatus.REFERRED,
        SignalStatus.NO_ACTION,
    ),
    SignalStatus.INTAKE_PROPOSED: (
        SignalStatus.INTAKE,
        SignalStatus.REFERRED,
        SignalStatus.NO_ACTION,
    ),
}

# Size limits of the free-text fields (also enforced by the forms).
CONCERN_MAX = 4000
MOTHER_CONTACT_MAX = 500
NAME_MAX = 200
PHONE_MAX = 30


class SignalQuerySet(models.QuerySet):
    def waiting_for_first_contact(self) -> "SignalQuerySet":
        """Received and nobody has been in contact yet (the first-contact deadline runs)."""
        return self.filter(status=SignalStatus.RECEIVED)

    def first_contact_due_by(self, day) -> "SignalQuerySet":
        """Still waiting for first contact, with the deadline on or before `day`."""
        return self.waiting_for_first_contact().filter(first_contact_due__lte=day)


class Signal(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="signals", verbose_name=_("programme")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    signaller_role = models.CharField(
        _("who is signalling"), max_length=20, choices=SignallerRole.choices
    )
    concern = models.TextField(_("what was noticed"), max_length=CONCERN_MAX, blank=True)
    mother_name = models.CharField(_("name of the mother"), max_length=NAME_MAX, blank=True)
    mother_contact = models.TextField(
        _("how to reach the mother"), max_length=MOTHER_CONTACT_MAX, blank=True
    )
    mother_knows = models.CharField(
        _("does the mother know about this signal"),
        max_length=10,
        choices=MotherKnows.choices,
        default=MotherKnows.UNKNOWN,
    )
    signaller_name = models.CharField(_("name of the signaller"), max_length=NAME_MAX, blank=True)
    signaller_phone = models.CharField(
        _("phone of the signaller"), max_length=PHONE_MAX, blank=True
    )
    signaller_email = models.EmailField(_("e-mail of the signaller"), blank=True)
    channel = models.CharField(_("received via"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_signals",
        verbose_name=_("contact person"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    participant = models.ForeignKey(
        "cases.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("participant"),
    )
    first_contact_due = models.DateField(_("first contact due"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)
    created_at = models.DateTimeField(_("received on"), auto_now_add=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.municipality}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def next_statuses(self) -> tuple[str, ...]:
        return NEXT_STATUSES.get(self.status, ())


class StatusChangeQuerySet(models.QuerySet):
    """The status history is append-only; only retention may blank its free text."""

    def update(self, **kwargs):
        raise PermissionError("The status history of a signal cannot be changed.")

    def delete(self):
        raise PermissionError("The status history of a signal cannot be deleted.")

    def scrub_text(self) -> int:
        return super().update(note="", reason="")


class SignalStatusChange(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=SignalStatus.choices)
    referred_to = models.CharField(_("referred to (organisation)"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    feedback_sent = models.BooleanField(_("signaller informed"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The status history of a signal cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The status history of a signal cannot be deleted.")


class SignalRoute(models.Model):
    """Who receives the signals about mothers in one municipality, per programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signal_routes",
        verbose_name=_("contact person"),
    )

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("signal route")
        verbose_name_plural = _("signal routes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="one_signal_route_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.contact}"


class SubmissionAttempt(models.Model):
    """A post of the public form, for the rate limit: a keyed hash of the IP address, never the
    address itself. Rows older than the window are removed on the next post."""

    ip_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
