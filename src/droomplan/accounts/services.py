from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Organisation, User

DEVICE_NAME = "authenticator"


@transaction.atomic
def start_totp_setup(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice) -> TOTPDevice:
    """Confirm a freshly verified device and drop any other device of the user."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def remove_totp_devices(*, user: User) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


# --- Organisations ---------------------------------------------------------------------------


@transaction.atomic
def create_organisation(*, code: str, name: str, kind: str, is_active: bool = True) -> Organisation:
    organisation = Organisation(code=code, name=name, kind=kind, is_active=is_active)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, code: str, name: str, kind: str, is_active: bool
) -> Organisation:
    """Organisations are never deleted (memberships PROTECT them); deactivate instead."""
    organisation.code = code
    organisation.name = name
    organisation.kind = kind
    organisation.is_active = is_active
    organisation.full_clean()
    organisation.save()
    return organisation


# --- Users and memberships -------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipSpec:
    """One role of a user, in an organisation (None only for participants)."""

    role: str
    organisation: Organisation | None = None

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.role, self.organisation.pk if self.organisation else None)


def _set_memberships(*, user: User, memberships: Iterable[MembershipSpec]) -> None:
    """Make the user's memberships exactly ``memberships``; unchanged ones are kept as they are."""
    wanted: dict[tuple[str, int | None], MembershipSpec] = {}
    for spec in memberships:
        wanted.setdefault(spec.key, spec)
    existing = {(m.role, m.organisation_id): m for m in Membership.objects.filter(user=user)}
    stale = [m.pk for key, m in existing.items() if key not in wanted]
    if stale:
        Membership.objects.filter(pk__in=stale).delete()
    for key, spec in wanted.items():
        if key in existing:
            continue
        membership = Membership(user=user, role=spec.role, organisation=spec.organisation)
        membership.clean()
        membership.save()
    if hasattr(user, "_roles_cache"):
        del user._roles_cache


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_active: bool = True,
    memberships: Iterable[MembershipSpec] = (),
) -> User:
    """Create a user with an initial password (validated by the caller's form) and roles."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=User.objects.normalize_email(email),
        is_active=is_active,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _set_memberships(user=user, memberships=memberships)
    return user


@transaction.atomic
def update_user(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    is_active: bool,
    memberships: Iterable[MembershipSpec],
    new_password: str | None = None,
) -> User:
    """Change a user's details and roles; a new password is set only when one is given."""
    user.first_name = first_name
    user.last_name = last_name
    user.email = User.objects.normalize_email(email)
    user.is_active = is_active
    fields = ["first_name", "last_name", "email", "is_active"]
    if new_password:
        user.set_password(new_password)
        fields.append("password")
    user.save(update_fields=fields)
    _set_memberships(user=user, memberships=memberships)
    return user
