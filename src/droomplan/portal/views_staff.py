"""The coach's side of getting in: invite her to the portal (QR code, print, e-mail), send a
new link, block and unblock her login. Mounted under /deelnemers/<pk>/mijn-droomplan/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from droomplan.access.policy import Verb
from droomplan.access.policy import portal as policy
from droomplan.access.shortcuts import deny, get_participant, record_form_view

from . import selectors, services
from .forms import InviteForm

TOKEN_SESSION_KEY = "portal_invitation_token:{pk}"


def _participant(request: HttpRequest, pk):
    participant = get_participant(request, pk, verb=Verb.EDIT, object_type="portal_login")
    if not policy.can_invite(request.user, participant):
        deny(
            request,
            object_type="portal_login",
            object_id=participant.pk,
            verb=Verb.EDIT,
            participant=participant,
        )
        raise PermissionDenied
    return participant


@login_required
def invitation(request: HttpRequest, participant_pk) -> HttpResponse:
    """Her login's status, the invitation just made (QR code, link, print) and the buttons."""
    participant = _participant(request, participant_pk)
    record_form_view(request, participant)
    login = selectors.login_of(participant)
    token = request.session.get(TOKEN_SESSION_KEY.format(pk=participant.pk), "")
    shown = None
    invitation = login.invitation
    if token and invitation is not None and selectors.shows_token(invitation, token):
        url = request.build_absolute_uri(selectors.activation_path(token))
        shown = {"url": url, "qr": selectors.qr_svg(url)}
    return render(
        request,
        "portal/staff/invitation.html",
        {
            "participant": participant,
            "login": login,
            "shown": shown,
            "form": InviteForm(initial={"email": participant.email}),
        },
    )


@login_required
@require_POST
def invite(request: HttpRequest, participant_pk) -> HttpResponse:
    participant = _participant(request, participant_pk)
    form = InviteForm(request.POST)
    back = redirect("portal_case:invitation", participant.pk)
    if not form.is_valid():
        login = selectors.login_of(participant)
        return render(
            request,
            "portal/staff/invitation.html",
            {"participant": participant, "login": login, "shown": None, "form": form},
            status=400,
        )
    email = form.cleaned_data["email"]
    try:
        invitation, token = services.invite(
            actor=request.user, participant=participant, email=email
        )
    except services.InvitationError as error:
        messages.error(request, str(error))
        return back
    request.session[TOKEN_SESSION_KEY.format(pk=participant.pk)] = token
    if email:
        if services.send_invitation(invitation=invitation, token=token):
            messages.success(
                request, _("The invitation has been sent to %(email)s.") % {"email": email}
            )
        else:
            messages.warning(
                request, _("The e-mail could not be sent. Show her the QR code or print it.")
            )
    else:
        messages.success(request, _("The invitation is ready. Show her the QR code or print it."))
    return back


@login_required
@require_POST
def block(request: HttpRequest, participant_pk) -> HttpResponse:
    participant = _participant(request, participant_pk)
    try:
        services.block(actor=request.user, participant=participant)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        request.session.pop(TOKEN_SESSION_KEY.format(pk=participant.pk), None)
        messages.success(request, _("Her login is blocked. She cannot log in any more."))
    return redirect("portal_case:invitation", participant.pk)


@login_required
@require_POST
def unblock(request: HttpRequest, participant_pk) -> HttpResponse:
    participant = _participant(request, participant_pk)
    try:
        services.unblock(actor=request.user, participant=participant)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Her login works again."))
    return redirect("portal_case:invitation", participant.pk)
