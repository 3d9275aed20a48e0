from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from droomplan.core.append_only import AppendOnly
from droomplan.core.roles import STAFF_ROLES, Role


class OrganisationKind(models.TextChoices):
    """Kinds of organisation, as in the exchange format."""

    SOCIAL_WORK = "social_work", _("Social work")
    CHILDCARE = "childcare", _("Childcare")
    YOUTH_CARE = "youth_care", _("Youth care")
    CREDIT_BANK = "credit_bank", _("Municipal credit bank")
    MUNICIPALITY = "municipality", _("Municipality")
    EDUCATION = "education", _("Education")
    EMPLOYER = "employer", _("Employer")
    HEALTH = "health", _("Health care")
    FUND = "fund", _("Fund")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Roles come from memberships, never from Django's is_staff."""

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def active_memberships(self) -> list["Membership"]:
        """Memberships of active organisations, loaded once per user object."""
        cached = getattr(self, "_memberships_cache", None)
        if cached is None:
            if self.pk is None:
                return []
            cached = [
                m
                for m in self.memberships.select_related("organisation")
                if m.organisation_id is None or m.organisation.is_active
            ]
            self._memberships_cache = cached
        return cached

    @property
    def roles(self) -> frozenset[str]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(m.role for m in self.active_memberships())
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def held_roles(self) -> list[tuple[str, str]]:
        """The roles she holds as (code, label), in the order of `Role` (home page headings)."""
        return [(role.value, str(role.label)) for role in Role if role in self.roles]

    @property
    def is_staff_role(self) -> bool:
        """True for everyone who works in the programme (every role but the participant)."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def requires_two_step(self) -> bool:
        """Who must use two-step login when DROOMPLAN_REQUIRE_2FA is on: every staff role,
        and Django's staff and superusers (the emergency admin site)."""
        return self.is_staff_role or self.is_staff or self.is_superuser


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
        help_text=_("Required for every role except participant."),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership"
            ),
        ]

    def __str__(self) -> str:
        org = self.organisation.name if self.organisation_id else "—"
        return f"{self.get_role_display()} · {org}"

    def clean(self) -> None:
        if self.role and self.role != Role.PARTICIPANT and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("Choose the organisation this person works for.")}
            )


# --- The security log and role changes (separation of duties) --------------------------------


class SecurityEventKind(models.TextChoices):
    """What happened, in the security log. Labels are what the log page shows."""

    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Locked out after too many attempts")
    LOCKOUT_LIFTED = "lockout_lifted", _("Lock-out lifted")
    LOGOUT = "logout", _("Logged out")
    SESSION_EXPIRED = "session_expired", _("Session ended (maximum length)")
    TWO_STEP_PASSED = "two_step_passed", _("Two-step code accepted")
    TWO_STEP_FAILED = "two_step_failed", _("Two-step code refused")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    DEVICE_ADDED = "device_added", _("Authenticator app set up")
    DEVICE_REPLACED = "device_replaced", _("Authenticator app replaced")
    DEVICE_REMOVED = "device_removed", _("Two-step login turned off")
    DEVICE_RESET = "device_reset", _("Two-step login reset by an administrator")
    RECOVERY_CODES_CREATED = "recovery_codes_created", _("New recovery codes made")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_SET = "password_set", _("Password set by an administrator")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset asked for")
    PASSWORD_RESET = "password_reset", _("Password reset by e-mail link")
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_ACTIVATED = "account_activated", _("Account turned on")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account turned off")
    ROLE_ADDED = "role_added", _("Role added")
    ROLE_REMOVED = "role_removed", _("Role removed")
    ROLE_CHANGE_REQUESTED = "role_change_requested", _("Role asked for (own account)")
    ROLE_CHANGE_APPROVED = "role_change_approved", _("Role request approved")
    ROLE_CHANGE_REJECTED = "role_change_rejected", _("Role request rejected")
    ORGANISATION_ACTIVATED = "organisation_activated", _("Organisation turned on")
    ORGANISATION_DEACTIVATED = "organisation_deactivated", _("Organisation turned off")
    TOKEN_CREATED = "token_created", _("Application token created")
    TOKEN_REVOKED = "token_revoked", _("Application token revoked")


class SecurityDetail(models.TextChoices):
    """Details of an entry that the log page shows in the reader's language."""

    NO_ACCOUNT = "no_account", _("no account with this e-mail address")
    TOO_MANY_REQUESTS = "too_many_requests", _("refused: too many requests from this address")
    ACCOUNT_LIMIT = "account_limit", _("no e-mail sent: limit per account reached")
    TOO_MANY_TRIES = "too_many_tries", _("refused: too many wrong codes")
    COMMAND_LINE = "command_line", _("on the command line, by")


class SecurityEvent(AppendOnly):
    """One entry of the security log: who (actor) did what (kind) to whom (subject), when and
    from which address. Append-only; names are kept as text so an entry stays readable
    whatever happens to the accounts later."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=30, choices=SecurityEventKind.choices)
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("by"),
    )
    actor_username = models.CharField(_("by"), max_length=150, blank=True)
    subject = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("whom"),
    )
    subject_username = models.CharField(_("whom"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # For role and organisation entries: which role, in which organisation (its name then).
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # A SecurityDetail code, optionally with a value ("command_line:root"), or a short text.
    detail = models.CharField(_("details"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("security log entry")
        verbose_name_plural = _("security log")
        indexes = [
            models.Index(fields=["kind", "-at"]),
            models.Index(fields=["subject", "-at"]),
            models.Index(fields=["ip_address", "kind", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.subject_username}"

    @property
    def description(self) -> str:
        """Role, organisation and detail in words, for the log page."""
        code, _sep, value = self.detail.partition(":")
        detail = self.detail
        if code in SecurityDetail.values:
            detail = " ".join(part for part in (str(SecurityDetail(code).label), value) if part)
        role = self.get_role_display() if self.role else ""
        return " · ".join(part for part in (role, self.organisation, detail) if part)


class RoleChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RoleChangeRequest(models.Model):
    """A role someone asked for on her own account. It becomes a membership only when another
    person approves it (see docs/security.md, separation of duties)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_requests", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(_("asked on"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoleChangeStatus.choices,
        default=RoleChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")
        constraints = [
            # Separation of duties, kept by the database too: nobody decides on her own request
            # or on a role for herself.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("user"))),
                name="role_request_decided_by_someone_else",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_by__isnull=True)
                | (~Q(status="pending") & Q(decided_by__isnull=False)),
                name="role_request_decided_has_decider",
            ),
        ]

    def __str__(self) -> str:
        org = self.organisation.name if self.organisation_id else "—"
        return f"{self.user} · {self.get_role_display()} · {org}"

    @property
    def is_pending(self) -> bool:
        return self.status == RoleChangeStatus.PENDING


# --- Application tokens (the partners' API, docs/api.md) --------------------------------------


class TokenScope(models.TextChoices):
    """What an application token may do, per family of resources: read, or read and write."""

    CASES_READ = "cases:read", _("Families and their plan: read")
    PLAN_WRITE = "plan:write", _("Actions of the plan: create and change")
    CONTACTS_WRITE = "contacts:write", _("Contact notes: write")
    LIFEDOMAINS_WRITE = "lifedomains:write", _("Debts, housing, education, work: write")
    MEASUREMENTS_WRITE = "measurements:write", _("Measurements: record")
    SIGNALS_WRITE = "signals:write", _("Signals: report")


class ApplicationToken(models.Model):
    """A partner organisation's system calling the API (docs/api.md). The token acts through
    its own account (`user`): a partner membership of `organisation`, so it sees and may do
    exactly what a professional of that organisation sees and may do, and the access log names
    the application. Only a hash of the secret is stored; `prefix` finds the row."""

    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="application_tokens",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="application_token", editable=False
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=128, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = _("application token")
        verbose_name_plural = _("application tokens")

    def __str__(self) -> str:
        return f"{self.name} · {self.organisation.name}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.is_usable() else "expired"
