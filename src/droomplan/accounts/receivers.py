"""Logins, failed logins, lock-outs and logouts go to the security log (connected in
`AccountsConfig.ready`)."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from droomplan.core.client import client_ip

from . import security_log
from .middleware import LOGIN_AT_SESSION_KEY
from .models import SecurityEventKind, User


def _address(request) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="droomplan.security_log.login")
def logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = time.time()
    security_log.record(
        kind=SecurityEventKind.LOGIN, actor=user, subject=user, ip_address=_address(request)
    )


@receiver(user_login_failed, dispatch_uid="droomplan.security_log.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    subject = User.objects.filter(username=username).first() if username else None
    security_log.record(
        kind=SecurityEventKind.LOGIN_FAILED,
        subject=subject,
        subject_username=username,
        ip_address=_address(request),
    )


@receiver(user_logged_out, dispatch_uid="droomplan.security_log.logout")
def logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    security_log.record(
        kind=SecurityEventKind.LOGOUT, actor=user, subject=user, ip_address=_address(request)
    )


@receiver(user_locked_out, dispatch_uid="droomplan.security_log.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    security_log.record(
        kind=SecurityEventKind.LOCKED_OUT,
        subject=User.objects.filter(username=username).first() if username else None,
        subject_username=username,
        ip_address=ip_address or _address(request),
    )
