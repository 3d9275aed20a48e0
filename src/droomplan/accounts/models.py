from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Role(models.TextChoices):
    """The roles of DESIGN.md. A user holds a role through a membership of an organisation."""

    COACH = "coach", _("Coach")
    PARTNER = "partner", _("Partner professional")
    MUNICIPAL_CONTACT = "municipal_contact", _("Municipal contact person")
    PROGRAMME_LEAD = "programme_lead", _("Programme lead")
    BOARD = "board", _("Board member")
    ANALYST = "analyst", _("Researcher / funder")
    ADMIN = "admin", _("Functional administrator")
    PARTICIPANT = "participant", _("Participant")


STAFF_ROLES = frozenset(Role) - {Role.PARTICIPANT}


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
    def is_staff_role(self) -> bool:
        """True for everyone who works in the programme (every role but the participant)."""
        return bool(self.roles & STAFF_ROLES)


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
