import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import account_page, services
from .forms import LoginForm, StyledPasswordChangeForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
def security(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "two_factor_required": settings.DROOMPLAN_REQUIRE_2FA and request.user.is_staff_role,
            "account_parts": account_page.parts(),
        },
    )


def _qr_svg(config_url: str) -> str:
    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device = services.start_totp_setup(user=request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        services.confirm_totp_device(device=device)
        otp_login(request, device)
        messages.success(request, _("Two-step login is on. From now on you log in with a code."))
        return redirect("accounts:security")
    secret = _base32(device.bin_key)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret},
    )


def _base32(key: bytes) -> str:
    raw = base64.b32encode(key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or request.user.is_verified():
        return redirect(_safe_next(request))
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_safe_next(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    if settings.DROOMPLAN_REQUIRE_2FA and request.user.is_staff_role:
        messages.error(
            request, _("Two-step login is required for your role and cannot be removed.")
        )
        return redirect("accounts:security")
    services.remove_totp_devices(user=request.user)
    messages.success(request, _("Two-step login is off."))
    return redirect("accounts:security")
