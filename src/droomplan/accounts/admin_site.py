"""The Django admin site: only for verified (two-step) staff accounts, with one login.

It exists only when the setting DROOMPLAN_DJANGO_ADMIN is on (see droomplan/urls.py)."""

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import user_has_device
from django_otp.admin import OTPAdminSite


class AdminSite(OTPAdminSite):
    """django-otp's admin site (a user must be verified with a second factor), whose login
    page hands over to Droomplan's own login and two-step pages: one way in, with the lockout,
    the security log and the recovery codes."""

    name = "admin"
    site_header = "Droomplan"
    site_title = "Droomplan"

    def login(self, request, extra_context=None):
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target, settings.LOGIN_URL)
        if not user.is_verified():
            step = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
            return redirect(f"{reverse(f'accounts:{step}')}?{urlencode({'next': target})}")
        raise PermissionDenied  # verified, but not a staff account
