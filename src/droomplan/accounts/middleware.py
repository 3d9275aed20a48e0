from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a logged-in but not yet verified user may open.
EXEMPT_URL_NAMES = {
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
    "core:health",
    "set_language",
}


class TwoFactorMiddleware:
    """Staff who set up TOTP must enter a code after the password; when the setting
    DROOMPLAN_REQUIRE_2FA is on, staff without a device must set one up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self._redirect_for(request)
        if redirect_to:
            return redirect(redirect_to)
        return self.get_response(request)

    def _redirect_for(self, request) -> str | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None
        if match.view_name in EXEMPT_URL_NAMES or request.path_info.startswith(settings.STATIC_URL):
            return None
        from .selectors import has_confirmed_device

        if has_confirmed_device(user):
            return f"{reverse('accounts:two_factor_verify')}?next={request.get_full_path()}"
        if settings.DROOMPLAN_REQUIRE_2FA and user.is_staff_role:
            return reverse("accounts:two_factor_setup")
        return None
