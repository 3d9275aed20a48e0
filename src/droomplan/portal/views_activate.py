"""Her side of getting in: the one-time link from the invitation, where she chooses her own
password. Open without a login (she has none yet)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import ActivationForm


@never_cache
def activate(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.open_invitation(token)
    if invitation is None:
        return render(request, "portal/activate_invalid.html", status=404)
    form = ActivationForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activate(token=token, password=form.cleaned_data["new_password1"])
        except services.InvitationError:
            return render(request, "portal/activate_invalid.html", status=404)
        messages.success(
            request, _("Your password is saved. Log in now with your login name and password.")
        )
        return redirect("accounts:login")
    return render(
        request,
        "portal/activate.html",
        {
            "form": form,
            "username": invitation.user.username,
            "name": invitation.participant.given_name,
        },
        status=400 if request.method == "POST" else 200,
    )
