import math
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode


def is_background(request) -> bool:
    """An htmx request made by a page (a badge, a partial), not a navigation by the person:
    it must never become the page she lands on after logging in."""
    return request.headers.get("HX-Request") == "true"


# When the session's login happened (epoch seconds), for the absolute session lifetime.
LOGIN_AT_SESSION_KEY = "droomplan_login_at"
# Set on the login page's address when a session reached its maximum length.
EXPIRED_PARAMETER = "verlopen"

# Pages a logged-in but not yet verified user may always open.
EXEMPT_URL_NAMES = {
    "accounts:two_factor_verify",
    "accounts:logout",
    "core:health",
    "set_language",
}
# ... and this one only while she has no authenticator yet (her first set-up): replacing an
# authenticator needs a verified session and a code of the current one.
FIRST_SETUP_URL_NAME = "accounts:two_factor_setup"


# When the session was last saved by SessionTouchMiddleware (epoch seconds).
TOUCHED_AT_SESSION_KEY = "droomplan_touched_at"


class SessionTouchMiddleware:
    """The idle timeout slides with activity: a request saves the session (which moves its
    expiry to SESSION_COOKIE_AGE from now) when it was last saved more than
    DROOMPLAN_SESSION_TOUCH_SECONDS ago. Instead of SESSION_SAVE_EVERY_REQUEST, which wrote
    the session on every request (an UPDATE in a transaction: three queries and a write per
    page); a session now ends between SESSION_COOKIE_AGE minus a minute and SESSION_COOKIE_AGE
    after the last request. A session that changed is saved anyway (Django's
    SessionMiddleware), and an empty one (a visitor, a logout) is never written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty():
            return response
        touched = session.get(TOUCHED_AT_SESSION_KEY)
        if session.is_empty():  # the cookie named no live session
            return response
        now = time.time()
        if not isinstance(touched, int | float) or not (
            0 <= now - touched < settings.DROOMPLAN_SESSION_TOUCH_SECONDS
        ):
            session[TOUCHED_AT_SESSION_KEY] = now
        return response


class SessionLifetimeMiddleware:
    """A session ends a fixed time after the login (DROOMPLAN_SESSION_ABSOLUTE_AGE), however
    busy it is; the idle timeout (SESSION_COOKIE_AGE) ends it earlier when nothing happens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            started = request.session.get(LOGIN_AT_SESSION_KEY)
            if started is None:  # a session from before this rule: the clock starts now
                request.session[LOGIN_AT_SESSION_KEY] = time.time()
            elif self._age(started) > settings.DROOMPLAN_SESSION_ABSOLUTE_AGE:
                return self._end(request, user)
        return self.get_response(request)

    @staticmethod
    def _age(started) -> float:
        try:
            started = float(started)
        except (TypeError, ValueError):
            return math.inf
        return time.time() - started if math.isfinite(started) else math.inf

    @staticmethod
    def _end(request, user):
        from . import security_log
        from .models import SecurityEventKind

        request.session.flush()
        request.user = AnonymousUser()
        security_log.record(kind=SecurityEventKind.SESSION_EXPIRED, subject=user)
        if is_background(request):
            return HttpResponse(status=401)
        query = {EXPIRED_PARAMETER: "1"}
        if request.method == "GET":
            query["next"] = request.get_full_path()
        return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}")


class TwoFactorMiddleware:
    """Staff who set up TOTP must enter a code after the password; when the setting
    DROOMPLAN_REQUIRE_2FA is on, staff (and Django superusers) without a device must set one
    up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self._redirect_for(request)
        if redirect_to:
            if is_background(request):  # htmx does not swap a 403; no `next` to a partial
                return HttpResponse(status=403)
            return redirect(redirect_to)
        return self.get_response(request)

    def _redirect_for(self, request) -> str | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is None:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None
        if match.view_name in EXEMPT_URL_NAMES:
            return None
        from .selectors import has_confirmed_device

        if has_confirmed_device(user):
            query = urlencode({"next": request.get_full_path()})
            return f"{reverse('accounts:two_factor_verify')}?{query}"
        if match.view_name == FIRST_SETUP_URL_NAME:
            return None
        if settings.DROOMPLAN_REQUIRE_2FA and user.requires_two_step:
            return reverse("accounts:two_factor_setup")
        return None
