from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from droomplan.accounts.models import Organisation
from droomplan.core.domains import LifeDomain
from droomplan.core.models import Versioned
from droomplan.programmes.models import Cohort, Municipality, Programme


class Status(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed the trajectory")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    MOVED = "moved", _("Moved away")
    OTHER = "other", _("Other reason")


def current_assignment_q(prefix: str = "") -> Q:
    """The one definition of "her current coach": the coach assignment without an end date (a
    database constraint allows at most one per family). `prefix` is the path from the model
    queried to the assignment, e.g. ``"coach_assignments__"`` from a participant."""
    return Q(**{f"{prefix}ended_on__isnull": True})


class ParticipantQuerySet(models.QuerySet):
    def ended(self) -> "ParticipantQuerySet":
        """Families whose trajectory has ended (the only ones retention may anonymise)."""
        return self.filter(status=Status.ENDED)

    def coached_by(self, user) -> "ParticipantQuerySet":
        """The families `user` coaches now."""
        return self.filter(
            current_assignment_q("coach_assignments__"), coach_assignments__coach=user
        )


class CoachAssignmentQuerySet(models.QuerySet):
    def current(self) -> "CoachAssignmentQuerySet":
        """The assignments in force: one per family (with a coach)."""
        return self.filter(current_assignment_q())


class Participant(Versioned, models.Model):
    """A mother in the programme. Reached only through `access.visible_participants`."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("programme"),
    )
    ref = models.CharField(_("case number"), max_length=50)
    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    single_parent = models.BooleanField(_("single parent"), default=True)
    has_starting_qualification = models.BooleanField(
        _("has a starting qualification"),
        default=False,
        help_text=_("A completed diploma at mbo-2 level or higher (havo, vwo)."),
    )
    has_paid_work = models.BooleanField(_("has paid work"), default=False)
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("group"),
        # no index of its own: `participant_cohort_order` (Meta.indexes) starts with it
        db_index=False,
    )
    on_waiting_list = models.BooleanField(_("on the waiting list"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INTAKE
    )
    intake_date = models.DateField(_("intake date"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    debt_inventory_on = models.DateField(
        _("debt situation inventoried on"),
        null=True,
        blank=True,
        help_text=_(
            "The day her debts were inventoried. A mother without debts has an inventory and no "
            "registered debts; without an inventory her debt situation is unknown."
        ),
    )
    eligibility_override = models.TextField(_("reason for admitting despite the rules"), blank=True)
    eligibility_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
        help_text=_("The mother's own login for her portal."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["programme", "ref"], name="unique_participant_ref"),
        ]
        indexes = [
            # The caseload's order (`ordering` above): page 1 of a long list is read from the
            # index in order instead of sorting every family first. docs/performance.md
            models.Index(fields=["family_name", "given_name", "id"], name="participant_list_order"),
            # The families not ended (a few thousand among the years' ended ones): the coaches
            # overview joins its current assignments to these, not to every family.
            models.Index(
                fields=["id"], condition=~Q(status=Status.ENDED), name="participant_not_ended"
            ),
            # The lead's work list ("Vandaag"): the first families on the waiting list and the
            # intakes without a decision, oldest intake first, read in that order (a hundred
            # of each among 2,000 current families at 100,000; not all of those first).
            models.Index(
                fields=["intake_date", "id"],
                condition=Q(on_waiting_list=True) & ~Q(status=Status.ENDED),
                name="participant_waiting_intake",
            ),
            models.Index(
                fields=["intake_date", "id"],
                condition=Q(status=Status.INTAKE, on_waiting_list=False),
                name="participant_intake_undecided",
            ),
            # The caseload's filters on the waiting list and on a group, in the caseload's
            # order: page 1 and the count read only those families (the waiting list was a
            # scan of every family, the group a walk of all in name order). docs/performance.md
            models.Index(
                fields=["family_name", "given_name", "id"],
                condition=Q(on_waiting_list=True),
                name="participant_waiting_order",
            ),
            models.Index(
                fields=["cohort", "family_name", "given_name", "id"],
                name="participant_cohort_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.ref})"

    @property
    def has_ended(self) -> bool:
        return self.status == Status.ENDED

    def current_coach(self):
        """Her coach now (a user), or None (one query)."""
        assignment = self.current_assignment()
        return assignment.coach if assignment is not None else None

    def current_assignment(self):
        """Her current coach assignment (with the coach), or None (one query)."""
        return self.coach_assignments.current().select_related("coach").first()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class StatusChange(models.Model):
    """History of status changes; never overwritten."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "created_at", "pk"]


class Child(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="children")
    given_name = models.CharField(_("first name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    childcare = models.CharField(_("childcare placement"), max_length=200, blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)

    class Meta:
        ordering = ["birth_date", "pk"]
        verbose_name = _("child")
        verbose_name_plural = _("children")

    def __str__(self) -> str:
        return self.given_name


class CoachAssignment(models.Model):
    """Exactly one active coach per family; the history is kept with handover notes."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="coach_assignments"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coach_assignments"
    )
    started_on = models.DateField(_("coach since"))
    ended_on = models.DateField(_("coach until"), null=True, blank=True)
    handover_note = models.TextField(_("handover note"), blank=True)
    handover_read_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoachAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=current_assignment_q(),
                name="one_active_coach_per_participant",
            ),
        ]
        indexes = [
            # A coach's families now (`coached_by`, the coaches overview): the current
            # assignments only, not the ended ones of years of history. docs/performance.md
            models.Index(
                fields=["coach"], condition=current_assignment_q(), name="current_assignment_coach"
            ),
        ]

    @property
    def is_current(self) -> bool:
        """`current_assignment_q` for an assignment already loaded."""
        return self.ended_on is None


def visible_contact_q(prefix: str = "") -> Q:
    """The one definition of "a note whose text the mother reads": not marked as only for
    professionals by its author."""
    return Q(**{f"{prefix}professionals_only": False})


class ContactKind(models.TextChoices):
    ONE_ON_ONE = "one_on_one", _("One-on-one conversation")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Message")
    GROUP = "group", _("Group meeting")
    WITH_PARTNER = "with_partner", _("Together with a partner")


class Contact(Versioned, models.Model):
    """A contact moment. Its author may edit it for 24 hours; after that it is append-only
    and mistakes are fixed with a correction that refers to it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contacts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    note = models.TextField(_("short note"), max_length=4000)
    # The exchange file's own key (docs/exchange/FORMAT.md `ref`), so a re-import updates this
    # row instead of adding a copy. Empty for rows made here (the export then uses `contact-{pk}`).
    exchange_ref = models.CharField(max_length=50, blank=True, editable=False)
    domain = models.CharField(
        _("life domain"),
        max_length=20,
        choices=LifeDomain.choices,
        blank=True,
        help_text=_(
            "Needed to share the note: it is shared only with organisations whose consent "
            "covers this part of her life."
        ),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    shared_with = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("share this note with"),
        help_text=_("Partner organisations that may read this note (with the mother's consent)."),
    )
    # Whether the mother reads the text of this note in her portal, chosen by its author per
    # note (docs/portal.md): visible by default; "only for professionals" needs a reason. She
    # always sees that the contact moment happened (date, kind, with whom).
    professionals_only = models.BooleanField(
        _("only for professionals"),
        default=False,
        help_text=_("The mother does not read the text of this note in her portal."),
    )
    professionals_only_reason = models.CharField(
        _("why only for professionals"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [
            # A family's last contact moment (the coach's home: "No contact for a while") from
            # the index, not by reading all her contact moments (about a hundred per family
            # after two years, on as many pages). docs/performance.md
            models.Index(fields=["participant", "date"], name="contact_participant_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(professionals_only=False) | ~Q(professionals_only_reason=""),
                name="contact_professionals_only_has_reason",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        self.professionals_only_reason = self.professionals_only_reason.strip()
        if not self.professionals_only:
            self.professionals_only_reason = ""
        elif not self.professionals_only_reason:
            raise ValidationError(
                {
                    "professionals_only_reason": _(
                        "Write in a few words why the mother may not read this note."
                    )
                }
            )

    @property
    def visible_to_participant(self) -> bool:
        """Does the mother read the text of this note (`visible_contact_q` for one note)?"""
        return not self.professionals_only
