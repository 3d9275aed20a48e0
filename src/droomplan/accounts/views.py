import base64
import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from . import account_page, selectors, services
from .forms import (
    LoginForm,
    NewAuthenticatorForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    StyledPasswordChangeForm,
    TwoStepCodeForm,
)
from .middleware import EXPIRED_PARAMETER

# Recovery codes between making them and showing them once (then removed from the session).
NEW_CODES_SESSION_KEY = "droomplan_new_recovery_codes"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.GET.get(EXPIRED_PARAMETER):
            context["session_hours"] = settings.DROOMPLAN_SESSION_ABSOLUTE_AGE // 3600
        return context


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


# --- Password reset by e-mail ----------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. Known and unknown addresses get the same answer, after at least
    DROOMPLAN_PASSWORD_RESET_MIN_SECONDS (so the time does not tell either); a client that
    asks too often is refused for an hour."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        started = time.monotonic()
        if services.password_reset_refused_for_client():
            response = render(request, "accounts/password_reset_refused.html", status=429)
        else:
            response = super().post(request, *args, **kwargs)
        remaining = settings.DROOMPLAN_PASSWORD_RESET_MIN_SECONDS - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        return response


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- My account and two-step login -----------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _two_step_required(user) -> bool:
    return settings.DROOMPLAN_REQUIRE_2FA and user.requires_two_step


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/security.html",
        {
            "device": selectors.confirmed_device(request.user),
            "recovery_codes_left": selectors.recovery_codes_left(request.user),
            "two_factor_required": _two_step_required(request.user),
            "account_parts": account_page.parts(),
        },
    )


def _qr_svg(config_url: str) -> str:
    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _base32(key: bytes) -> str:
    raw = base64.b32encode(key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _verify_first(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app. The first one needs the password only (and she is told
    by e-mail); replacing one needs a verified session and a code of the current one."""
    replacing = selectors.has_confirmed_device(request.user)
    if replacing and not request.user.is_verified():
        return _verify_first(request)
    device = services.start_totp_setup(user=request.user)
    form = NewAuthenticatorForm(request.POST or None, device=device, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        codes = services.activate_two_step(device=device)
        otp_login(request, device)
        request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(request, _("Two-step login is on. From now on you log in with a code."))
        return redirect("accounts:recovery_codes")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "replacing": replacing,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _base32(device.bin_key),
        },
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified() or not selectors.has_confirmed_device(request.user):
        return redirect(_safe_next(request))
    form = TwoStepCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if selectors.used_recovery_code(form.device):
            messages.warning(
                request,
                _(
                    "You logged in with a recovery code. It cannot be used again. "
                    "%(count)s codes are left."
                )
                % {"count": selectors.recovery_codes_left(request.user)},
            )
        return redirect(_safe_next(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    if not selectors.has_confirmed_device(request.user):
        return redirect("accounts:security")
    if not request.user.is_verified():
        return _verify_first(request)
    if _two_step_required(request.user):
        messages.error(
            request, _("Two-step login is required for your role and cannot be removed.")
        )
        return redirect("accounts:security")
    form = TwoStepCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.remove_two_step(user=request.user)
        messages.success(request, _("Two-step login is off."))
        return redirect("accounts:security")
    return render(request, "accounts/two_factor_remove.html", {"form": form})


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown once, right after they were made; later this page only
    says how many are left and makes a new set after a code."""
    if not selectors.has_confirmed_device(request.user):
        return redirect("accounts:security")
    if not request.user.is_verified():
        return _verify_first(request)
    codes = request.session.pop(NEW_CODES_SESSION_KEY, [])
    form = TwoStepCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.session[NEW_CODES_SESSION_KEY] = services.create_recovery_codes(user=request.user)
        messages.success(request, _("You have new recovery codes. The old ones no longer work."))
        return redirect("accounts:recovery_codes")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "remaining": selectors.recovery_codes_left(request.user), "form": form},
    )
