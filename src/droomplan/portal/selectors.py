"""Reads for the portal: the status of her login (for the case page), the activation link and
its QR code."""

import io
import re
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Invitation, hash_token


class LoginStatus(models.TextChoices):
    NONE = "none", _("No login yet")
    PENDING = "pending", _("Invited, not activated yet")
    EXPIRED = "expired", _("Invitation expired, not activated")
    ACTIVE = "active", _("Activated")
    BLOCKED = "blocked", _("Blocked")


@dataclass(frozen=True)
class PortalLogin:
    status: str
    user: object | None
    invitation: Invitation | None  # the latest

    @property
    def label(self) -> str:
        return str(LoginStatus(self.status).label)


def login_of(participant) -> PortalLogin:
    """Her portal login and its status (two queries at most)."""
    user = participant.user
    invitation = participant.portal_invitations.first() if user is not None else None
    if user is None:
        status = LoginStatus.NONE
    elif not user.is_active:
        status = LoginStatus.BLOCKED
    elif user.has_usable_password():
        status = LoginStatus.ACTIVE
    elif invitation is not None and invitation.is_open():
        status = LoginStatus.PENDING
    else:
        status = LoginStatus.EXPIRED
    return PortalLogin(status=status, user=user, invitation=invitation)


def activation_path(token: str) -> str:
    return reverse("portal:activate", args=[token])


def activation_url(token: str) -> str:
    return f"{settings.DROOMPLAN_BASE_URL}{activation_path(token)}"


def qr_svg(text: str) -> str:
    """The QR code of `text` as an inline SVG (paths only: no script, no style attribute)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def shows_token(invitation: Invitation, token: str) -> bool:
    """The token (kept in the coach's session) belongs to this invitation, still open."""
    return invitation.is_open() and invitation.token_hash == hash_token(token)
