"""Getting in: her coach invites her, she activates her login with a one-time link, her coach
can send a new link and block or unblock her login (keyword-only, atomic, audited)."""

import datetime
import logging
import re
import secrets
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from droomplan.access.policy import portal as policy
from droomplan.accounts import security_log
from droomplan.accounts.models import Membership, Role, SecurityEventKind
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.cases.models import Participant

from .models import INVITATION_DAYS, Invitation, hash_token
from .selectors import activation_url

logger = logging.getLogger(__name__)


class InvitationError(Exception):
    """A clear reason why this cannot be done (shown to the person)."""


def _username_for(participant) -> str:
    """A short login name she can type: her first name and the number of her case."""
    name = unicodedata.normalize("NFKD", participant.given_name).encode("ascii", "ignore")
    base = re.sub(r"[^a-z0-9]+", "", name.decode().lower())[:20] or "moeder"
    number = re.sub(r"\D", "", participant.ref) or str(participant.pk)
    candidate = f"{base}{number}"
    users = get_user_model().objects
    suffix = 1
    username = candidate
    while users.filter(username=username).exists():
        suffix += 1
        username = f"{candidate}-{suffix}"
    return username


def _require(actor, participant) -> None:
    if not policy.can_invite(actor, participant):
        raise PermissionDenied


@transaction.atomic
def invite(*, actor, participant: Participant, email: str = "") -> tuple[Invitation, str]:
    """Invite her to the portal: make her login (role participant, linked to her case, no
    password yet) when she has none, end earlier open invitations and make a new one-time
    link. Returns the invitation and the link's token (shown once; only its hash is kept).
    With `email`, the link is also sent to that address."""
    _require(actor, participant)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    user = participant.user
    if user is None:
        user = get_user_model().objects.create(
            username=_username_for(participant),
            first_name=participant.given_name,
            last_name=participant.family_name,
            email=email or participant.email,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, role=Role.PARTICIPANT, organisation=None)
        Participant.objects.filter(pk=participant.pk).update(user=user)
        participant.user = user
        security_log.record(kind=SecurityEventKind.ACCOUNT_CREATED, actor=actor, subject=user)
    elif not user.is_active:
        raise InvitationError(_("Her login is blocked. Unblock it first."))
    elif user.has_usable_password():
        raise InvitationError(_("She has activated her login already."))
    now = timezone.now()
    Invitation.objects.filter(participant=participant).open(now).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        participant=participant,
        user=user,
        token_hash=hash_token(token),
        email=email,
        created_by=actor,
        created_at=now,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
    )
    record(
        request=None,
        user=actor,
        action=Action.CREATE,
        object_type="portal_invitation",
        object_id=invitation.pk,
        participant=participant,
        detail="by e-mail" if email else "",
    )
    return invitation, token


def send_invitation(*, invitation: Invitation, token: str) -> bool:
    """E-mail the activation link to the invitation's address (after the invitation is
    saved). A failing mail server is logged and answered with False, never raised: the coach
    can still show the QR code."""
    if not invitation.email:
        return False
    context = {
        "participant": invitation.participant,
        "username": invitation.user.username,
        "url": activation_url(token),
        "days": INVITATION_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("portal/email/invitation_subject.txt", context).strip()
        body = render_to_string("portal/email/invitation.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception:  # any mail failure: the coach is told and shows the QR code instead
        logger.exception("Portal invitation %s: the e-mail could not be sent", invitation.pk)
        return False
    return True


def open_invitation(token: str) -> Invitation | None:
    """The open invitation this token belongs to, or None (unknown, used, ended, expired or
    her login is blocked)."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.open()
        .select_related("user", "participant")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.user.is_active:
        return None
    return invitation


@transaction.atomic
def activate(*, token: str, password: str):
    """She chose her password with the link: her login works from now on and the link is
    used. Returns her login. The password has been checked by the form (the staff rules)."""
    invitation = open_invitation(token)
    if invitation is None:
        raise InvitationError(_("This link does not work any more. Ask your coach for a new one."))
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not claimed:  # used at the same moment in another tab
        raise InvitationError(_("This link does not work any more. Ask your coach for a new one."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    security_log.record(
        kind=SecurityEventKind.PASSWORD_CHANGED, actor=user, subject=user, detail="portal"
    )
    record(
        request=None,
        user=user,
        action=Action.UPDATE,
        object_type="portal_login",
        object_id=user.pk,
        participant=invitation.participant,
        detail="activated",
    )
    return user


@transaction.atomic
def block(*, actor, participant: Participant) -> None:
    """Block her login at once (a lost phone, a safety situation): she is logged out on her
    next click and cannot log in; open invitations end."""
    _set_login_active(actor=actor, participant=participant, active=False)
    Invitation.objects.filter(participant=participant).open().update(revoked_at=timezone.now())


@transaction.atomic
def unblock(*, actor, participant: Participant) -> None:
    """Let her log in again (with her own password; a login that was never activated needs a
    new invitation)."""
    _set_login_active(actor=actor, participant=participant, active=True)


def _set_login_active(*, actor, participant: Participant, active: bool) -> None:
    """Switch her login on or off, in the security log and the access log."""
    _require(actor, participant)
    user = participant.user
    if user is None:
        raise InvitationError(_("She has no login yet."))
    get_user_model().objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    kind = SecurityEventKind.ACCOUNT_ACTIVATED if active else SecurityEventKind.ACCOUNT_DEACTIVATED
    security_log.record(kind=kind, actor=actor, subject=user, detail="portal")
    record(
        request=None,
        user=actor,
        action=Action.UPDATE,
        object_type="portal_login",
        object_id=user.pk,
        participant=participant,
        detail="unblocked" if active else "blocked",
    )
