"""The access log (inzagelog): who saw or changed which participant's data, when, from which
client address.

Append-only: the application can add entries, never change or delete them. The entries form a
hash chain (`audit.chain`): each carries the hash of the one before it, so a changed, removed
or inserted entry breaks the chain (`droomplan verify_access_log`). On PostgreSQL a trigger
refuses UPDATE and DELETE on the table; the one exception is `droomplan prune_access_log`
(retention), which leaves its own entry."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.core.append_only import AppendOnly, AppendOnlyQuerySet
from droomplan.core.roles import Role

from .labels import object_type_label


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    SEARCH = "search", _("searched")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("removed")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")
    ANONYMISE = "anonymise", _("anonymised")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,  # never changed afterwards: the id stays in the chain
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField(_("user"), max_length=150, blank=True)
    user_display = models.CharField(max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    participant = models.ForeignKey(
        "cases.Participant",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="access_log",
        db_constraint=False,
        # No index of its own: the index on (participant, -at) below serves every lookup by
        # participant (it was a second, redundant index of about the same size).
        db_index=False,
    )
    object_type = models.CharField(_("what"), max_length=50)
    object_id = models.CharField(max_length=50, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    request_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    client_ip = models.CharField(_("client address"), max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["participant", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log cannot be deleted.")

    @property
    def role_labels(self) -> str:
        """The roles the actor held when this happened, in words (stored as codes)."""
        codes = [c.strip() for c in self.role.split(",") if c.strip()]
        return ", ".join(str(Role(c).label) if c in Role.values else c for c in codes)

    @property
    def object_label(self) -> str:
        return object_type_label(self.object_type)


class AccessLogChain(models.Model):
    """The head of the access log's hash chain: one row (id 1). Appends lock it (so entries
    are chained one transaction at a time) and a database trigger moves it to the newest entry
    on every insert (no extra query). `anchor_*` is where the chain starts after retention
    removed the oldest entries: the hash of the last entry removed."""

    last_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, blank=True)
    anchor_id = models.BigIntegerField(null=True, blank=True)
    anchor_hash = models.CharField(max_length=64, blank=True)
    anchored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("access log chain")
        verbose_name_plural = _("access log chain")

    def __str__(self) -> str:
        return f"{self.last_id}:{self.last_hash[:12]}"


class RetentionRecord(AppendOnly):
    """The trace left when a participant's file was anonymised at the end of the retention
    period: which case, when, and how many records each part of the system changed."""

    participant = models.ForeignKey(
        "cases.Participant",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    participant_ref = models.CharField(_("case number"), max_length=50)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
    )
    ended_on = models.DateField(_("trajectory ended on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"))
    what = models.JSONField(_("records changed per part"), default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-anonymised_on", "-id"]
        verbose_name = _("retention record")
        verbose_name_plural = _("retention records")

    def __str__(self) -> str:
        return f"{self.participant_ref} {self.anonymised_on:%Y-%m-%d}"


class ResearchPseudonym(models.Model):
    """A random, stable pseudonym per participant for research exports. Random (not derived
    from the case number or id), so the university cannot trace it back; stored, so it stays
    the same in every export and survives a new secret key."""

    participant = models.OneToOneField(
        "cases.Participant", on_delete=models.CASCADE, related_name="research_pseudonym"
    )
    pseudonym = models.CharField(max_length=20, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("research pseudonym")
        verbose_name_plural = _("research pseudonyms")

    def __str__(self) -> str:
        return self.pseudonym
