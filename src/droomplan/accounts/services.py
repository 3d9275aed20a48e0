import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from droomplan.core.request_id import current_request

from . import notify, security_log
from .models import (
    ApplicationToken,
    Membership,
    Organisation,
    Role,
    RoleChangeRequest,
    RoleChangeStatus,
    SecurityDetail,
    SecurityEvent,
    SecurityEventKind,
    User,
)

Kind = SecurityEventKind
DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
RECOVERY_CODE_COUNT = 10
# 12 characters from 31 (no 0/o, 1/l/i): about 59 bits each; shown as xxxx-xxxx-xxxx.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 12


# --- Two-step login: authenticator app and recovery codes -----------------------------------


def normalise_code(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


def recovery_code_hash(device: StaticDevice, code: str, secret: str | None = None) -> str:
    """What is stored of a recovery code: a keyed hash, salted with the device (django-otp
    keeps 16 characters). Without the secret key a copy of the database reveals no code."""
    value = f"{device.pk}:{normalise_code(code)}"
    digest = salted_hmac("droomplan.accounts.recovery-code", value, secret=secret)
    return digest.hexdigest()[:16]


def _recovery_hashes(device: StaticDevice, code: str) -> list[str]:
    # Codes made before a key rotation keep working while the old key is a fallback.
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [recovery_code_hash(device, code, secret=secret) for secret in secrets_]


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a two-step code: the device that accepted it (None: refused)
    and whether it was refused because of too many wrong tries."""

    device: Device | None
    throttled: bool = False


def _is_authenticator_code(token: str) -> bool:
    return len(token) == 6 and token.isdigit()


@transaction.atomic
def check_two_step_code(*, user: User, token: str) -> CodeCheck:
    """Check a code from the authenticator app (six digits) or a recovery code against the
    user's confirmed devices. A recovery code works once. Logged in the security log."""
    token = normalise_code(token)
    if _is_authenticator_code(token):
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        candidate = token
    else:
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        candidate = ""
        if device is not None:
            hashes = _recovery_hashes(device, token)
            stored = device.token_set.filter(token__in=hashes).values_list("token", flat=True)
            candidate = next(iter(stored), hashes[0])
    if device is None:
        security_log.record(kind=Kind.TWO_STEP_FAILED, actor=user, subject=user)
        return CodeCheck(device=None)
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        security_log.record(
            kind=Kind.TWO_STEP_FAILED,
            actor=user,
            subject=user,
            detail=SecurityDetail.TOO_MANY_TRIES,
        )
        return CodeCheck(device=None, throttled=True)
    if not device.verify_token(candidate):
        security_log.record(kind=Kind.TWO_STEP_FAILED, actor=user, subject=user)
        return CodeCheck(device=None)
    kind = Kind.RECOVERY_CODE_USED if isinstance(device, StaticDevice) else Kind.TWO_STEP_PASSED
    security_log.record(kind=kind, actor=user, subject=user)
    return CodeCheck(device=device)


def new_device_accepts(device: TOTPDevice, token: str) -> bool:
    """Does the code match the new, unconfirmed app? Checked without using the code up, so
    that a mistake in the other field of the form does not make her wait for a new code."""
    token = normalise_code(token)
    if not _is_authenticator_code(token):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(int(token), device.tolerance)


@transaction.atomic
def start_totp_setup(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def activate_two_step(*, device: TOTPDevice) -> list[str]:
    """Confirm a freshly verified authenticator, drop any other one of the user, and make a
    new set of recovery codes (returned: show them once). The callers make sure that a
    replacement was confirmed with a code of the current device."""
    user = device.user
    replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk)
    kind = Kind.DEVICE_REPLACED if replaced.exists() else Kind.DEVICE_ADDED
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_log.record(kind=kind, actor=user, subject=user)
    notify.tell(user, notify.TWO_STEP_CHANGED, replaced=kind == Kind.DEVICE_REPLACED)
    return _make_recovery_codes(user=user)


def _make_recovery_codes(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_code_hash(device, code)) for code in codes]
    )
    security_log.record(kind=Kind.RECOVERY_CODES_CREATED, actor=user, subject=user)
    return codes


@transaction.atomic
def create_recovery_codes(*, user: User) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Only with an authenticator."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied("Recovery codes need an authenticator app.")
    return _make_recovery_codes(user=user)


def _delete_two_step_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def remove_two_step(*, user: User) -> None:
    """She turns two-step login off herself (the view asked for a current code)."""
    _delete_two_step_devices(user)
    security_log.record(kind=Kind.DEVICE_REMOVED, actor=user, subject=user)
    notify.tell(user, notify.TWO_STEP_CHANGED, removed=True)


@transaction.atomic
def reset_two_step(*, user: User, actor: User) -> None:
    """An administrator resets someone's two-step login (lost phone and codes): logged, and
    the person is told by e-mail. ``access.policy.can_reset_two_step`` decides who may."""
    if actor.pk == user.pk:
        raise PermissionDenied("Nobody resets her own two-step login.")
    _delete_two_step_devices(user)
    security_log.record(kind=Kind.DEVICE_RESET, actor=actor, subject=user)
    notify.tell(user, notify.TWO_STEP_RESET, actor=actor)


# --- Passwords -------------------------------------------------------------------------------


@transaction.atomic
def change_own_password(*, user: User, password: str) -> User:
    """She changed her own password (the form checked the old one)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    security_log.record(kind=Kind.PASSWORD_CHANGED, actor=user, subject=user)
    notify.tell(user, notify.PASSWORD_CHANGED)
    return user


@transaction.atomic
def reset_password(*, user: User, password: str) -> User:
    """She set a new password through the link in a password-reset e-mail."""
    user.set_password(password)
    user.save(update_fields=["password"])
    security_log.record(kind=Kind.PASSWORD_RESET, subject=user)
    notify.tell(user, notify.PASSWORD_CHANGED)
    return user


@transaction.atomic
def password_reset_refused_for_client() -> bool:
    """Has this client address asked for too many password resets this hour? The security log
    is the counter, so the limit holds across processes. A refusal is logged (and counts)."""
    info = current_request.get()
    address = security_log.valid_ip(info.client_ip if info is not None else "")
    recent = SecurityEvent.objects.filter(
        kind=Kind.PASSWORD_RESET_REQUESTED, at__gte=timezone.now() - datetime.timedelta(hours=1)
    )
    recent = recent.filter(ip_address=address) if address else recent.filter(ip_address=None)
    if recent.count() >= settings.DROOMPLAN_PASSWORD_RESET_LIMIT:
        security_log.record(
            kind=Kind.PASSWORD_RESET_REQUESTED, detail=SecurityDetail.TOO_MANY_REQUESTS
        )
        return True
    return False


@transaction.atomic
def password_reset_requested(*, users: Iterable[User]) -> list[User]:
    """Log a password-reset request and return the accounts that get an e-mail: those that
    did not get too many this hour. The typed address itself is not stored."""
    users = list(users)
    if not users:
        security_log.record(kind=Kind.PASSWORD_RESET_REQUESTED, detail=SecurityDetail.NO_ACCOUNT)
        return []
    since = timezone.now() - datetime.timedelta(hours=1)
    limit = settings.DROOMPLAN_PASSWORD_RESET_ACCOUNT_LIMIT
    to_mail = []
    for user in users:
        sent = SecurityEvent.objects.filter(
            kind=Kind.PASSWORD_RESET_REQUESTED, subject=user, at__gte=since, detail=""
        ).count()
        if sent >= limit:
            security_log.record(
                kind=Kind.PASSWORD_RESET_REQUESTED,
                subject=user,
                detail=SecurityDetail.ACCOUNT_LIMIT,
            )
            continue
        security_log.record(kind=Kind.PASSWORD_RESET_REQUESTED, subject=user)
        to_mail.append(user)
    return to_mail


# --- Organisations ---------------------------------------------------------------------------


@transaction.atomic
def create_organisation(*, code: str, name: str, kind: str, is_active: bool = True) -> Organisation:
    organisation = Organisation(code=code, name=name, kind=kind, is_active=is_active)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def update_organisation(
    *,
    organisation: Organisation,
    code: str,
    name: str,
    kind: str,
    is_active: bool,
    actor: User | None = None,
) -> Organisation:
    """Organisations are never deleted (memberships PROTECT them); deactivate instead."""
    was_active = (
        Organisation.objects.filter(pk=organisation.pk).values_list("is_active", flat=True).get()
    )
    organisation.code = code
    organisation.name = name
    organisation.kind = kind
    organisation.is_active = is_active
    organisation.full_clean()
    organisation.save()
    if was_active != is_active:
        security_log.record(
            kind=Kind.ORGANISATION_ACTIVATED if is_active else Kind.ORGANISATION_DEACTIVATED,
            actor=actor,
            organisation=organisation.name,
        )
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


def _role_fields(role: str, organisation: Organisation | None) -> dict:
    return {"role": role, "organisation": organisation.name if organisation is not None else ""}


@dataclass(frozen=True)
class UserChange:
    """What saving a user did: the user, and the roles that now wait for approval (a role
    added to one's own account is never granted at once)."""

    user: User
    requested: list[RoleChangeRequest]


def _set_memberships(
    *, user: User, memberships: Iterable[MembershipSpec], actor: User | None
) -> list[RoleChangeRequest]:
    """Make the user's memberships ``memberships``; unchanged ones are kept as they are. Each
    change is logged. Roles ``actor`` adds to her own account become requests for approval
    instead (separation of duties): the returned list."""
    wanted: dict[tuple[str, int | None], MembershipSpec] = {}
    for spec in memberships:
        wanted.setdefault(spec.key, spec)
    existing = {
        (m.role, m.organisation_id): m
        for m in Membership.objects.filter(user=user).select_related("organisation")
    }
    stale = [m for key, m in existing.items() if key not in wanted]
    if stale:
        Membership.objects.filter(pk__in=[m.pk for m in stale]).delete()
        for m in stale:
            security_log.record(
                kind=Kind.ROLE_REMOVED,
                actor=actor,
                subject=user,
                **_role_fields(m.role, m.organisation),
            )
    granting_self = actor is not None and actor.pk == user.pk
    requested = []
    for key, spec in wanted.items():
        if key in existing:
            continue
        membership = Membership(user=user, role=spec.role, organisation=spec.organisation)
        membership.clean()
        if granting_self:
            requested.append(_request_role(user=user, spec=spec))
            continue
        membership.save()
        security_log.record(
            kind=Kind.ROLE_ADDED,
            actor=actor,
            subject=user,
            **_role_fields(spec.role, spec.organisation),
        )
    for cache in ("_roles_cache", "_memberships_cache"):
        if hasattr(user, cache):
            delattr(user, cache)
    return requested


def _request_role(*, user: User, spec: MembershipSpec) -> RoleChangeRequest:
    pending = RoleChangeRequest.objects.filter(
        user=user, role=spec.role, organisation=spec.organisation, status=RoleChangeStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    change = RoleChangeRequest.objects.create(
        user=user, requested_by=user, role=spec.role, organisation=spec.organisation
    )
    security_log.record(
        kind=Kind.ROLE_CHANGE_REQUESTED,
        actor=user,
        subject=user,
        **_role_fields(spec.role, spec.organisation),
    )
    return change


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
    actor: User | None = None,
    detail: str = "",
) -> User:
    """Create a user with an initial password (validated by the caller's form) and roles.
    ``detail`` says how, when no one logged in did it (the command line)."""
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
    security_log.record(kind=Kind.ACCOUNT_CREATED, actor=actor, subject=user, detail=detail)
    _set_memberships(user=user, memberships=memberships, actor=actor)
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
    actor: User | None,
    new_password: str | None = None,
) -> UserChange:
    """Change a user's details and roles; a new password is set only when one is given.
    Roles ``actor`` adds to her own account wait for another person's approval."""
    was_active = User.objects.filter(pk=user.pk).values_list("is_active", flat=True).get()
    user.first_name = first_name
    user.last_name = last_name
    user.email = User.objects.normalize_email(email)
    user.is_active = is_active
    fields = ["first_name", "last_name", "email", "is_active"]
    if new_password:
        user.set_password(new_password)
        fields.append("password")
    user.save(update_fields=fields)
    if new_password:
        own = actor is not None and actor.pk == user.pk
        kind = Kind.PASSWORD_CHANGED if own else Kind.PASSWORD_SET
        security_log.record(kind=kind, actor=actor, subject=user)
        notify.tell(user, notify.PASSWORD_CHANGED)
    if was_active != is_active:
        kind = Kind.ACCOUNT_ACTIVATED if is_active else Kind.ACCOUNT_DEACTIVATED
        security_log.record(kind=kind, actor=actor, subject=user)
    requested = _set_memberships(user=user, memberships=memberships, actor=actor)
    return UserChange(user=user, requested=requested)


# --- Role requests on one's own account (separation of duties) --------------------------------


@transaction.atomic
def decide_role_change(
    *, change: RoleChangeRequest, decided_by: User, approve: bool
) -> RoleChangeRequest:
    """Approve (the membership is made) or reject a pending role request. A request that was
    already decided stays as it is. ``access.policy.can_decide_role_change`` decides who may;
    nobody decides on her own request (also a database constraint)."""
    change = RoleChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != RoleChangeStatus.PENDING:
        return change
    if decided_by.pk in (change.requested_by_id, change.user_id):
        raise PermissionDenied("Nobody decides on her own role request.")
    change.status = RoleChangeStatus.APPROVED if approve else RoleChangeStatus.REJECTED
    change.decided_by = decided_by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    role_fields = _role_fields(change.role, change.organisation)
    security_log.record(
        kind=Kind.ROLE_CHANGE_APPROVED if approve else Kind.ROLE_CHANGE_REJECTED,
        actor=decided_by,
        subject=change.user,
        **role_fields,
    )
    if approve:
        _membership, created = Membership.objects.get_or_create(
            user=change.user, role=change.role, organisation=change.organisation
        )
        if created:
            security_log.record(
                kind=Kind.ROLE_ADDED, actor=decided_by, subject=change.user, **role_fields
            )
    return change


# --- Application tokens (docs/api.md) --------------------------------------------------------

TOKEN_MARK = "dp"  # a token reads dp_<prefix>_<secret>: recognisable in a leaked file
TOKEN_DAYS = 365
TOKEN_MAX_DAYS = 2 * 365
# Write the last-used time at most this often (not one UPDATE per request).
LAST_USED_EVERY = datetime.timedelta(minutes=5)


def token_hash(secret: str) -> str:
    """What is stored of a token's secret. The secret is 256 random bits, so a plain SHA-256
    is enough (no password hashing needed: nothing to guess), and it is fast per request."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: the row, and the full token text, shown once and never stored."""

    token: ApplicationToken
    text: str


@transaction.atomic
def create_application_token(
    *,
    actor: User,
    name: str,
    organisation: Organisation,
    scopes: Iterable[str],
    expires_on: datetime.date | None = None,
) -> NewToken:
    """Make a token for a partner organisation's system. It gets its own account with one
    membership, the partner role in `organisation`: what it may see is what a professional
    of that organisation may see (`access.policy`), and the access log names it."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name (the system that uses it).")})
    today = timezone.localdate()
    expires_on = expires_on or today + datetime.timedelta(days=TOKEN_DAYS)
    if not today < expires_on <= today + datetime.timedelta(days=TOKEN_MAX_DAYS):
        raise ValidationError(
            {"expires_on": _("Choose a date after today, at most two years from now.")}
        )
    if not organisation.is_active:
        raise ValidationError({"organisation": _("This organisation is turned off.")})
    prefix = secrets.token_hex(4)
    while ApplicationToken.objects.filter(prefix=prefix).exists():  # pragma: no cover
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    user = User(username=f"app-{prefix}", first_name=name[:150], last_name="(API)")
    user.set_unusable_password()
    user.save()
    security_log.record(kind=Kind.ACCOUNT_CREATED, actor=actor, subject=user, detail="api")
    _set_memberships(
        user=user, memberships=[MembershipSpec(Role.PARTNER, organisation)], actor=actor
    )
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.min))
    token = ApplicationToken.objects.create(
        name=name,
        organisation=organisation,
        user=user,
        prefix=prefix,
        secret_hash=token_hash(secret),
        scopes=sorted(set(scopes)),
        created_by=actor,
        expires_at=expires_at,
    )
    security_log.record(
        kind=Kind.TOKEN_CREATED,
        actor=actor,
        subject=user,
        organisation=organisation.name,
        detail=name[:200],
    )
    return NewToken(token=token, text=f"{TOKEN_MARK}_{prefix}_{secret}")


@transaction.atomic
def revoke_application_token(*, actor: User, token: ApplicationToken) -> ApplicationToken:
    """Stop a token at once: it is refused from the next request on, and its account is
    turned off (so nothing else can act as it)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        User.objects.filter(pk=token.user_id).update(is_active=False)
        security_log.record(
            kind=Kind.TOKEN_REVOKED,
            actor=actor,
            subject=token.user,
            organisation=token.organisation.name,
            detail=token.name[:200],
        )
    return token


def authenticate_token(text: str) -> ApplicationToken | None:
    """The usable token this text is, with its account loaded (None: unknown, wrong secret,
    revoked, expired or its account turned off). Notes when it was last used."""
    mark, _sep, rest = (text or "").partition("_")
    prefix, _sep, secret = rest.partition("_")
    if mark != TOKEN_MARK or not prefix or not secret or len(prefix) > 16:
        return None
    token = (
        ApplicationToken.objects.select_related("user", "organisation")
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, token_hash(secret)):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApplicationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
