"""The portal's home page: a greeting and the menu of her sections."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import portal as policy
from droomplan.audit.services import record

from . import menu


@allowed_if(policy.can_use_portal, object_type="portal")
def home(request: HttpRequest) -> HttpResponse:
    participant = policy.own_participant(request.user)
    record(request=request, action="view", object_type="portal", participant=participant)
    return render(
        request,
        "portal/home.html",
        {"participant": participant, "menu": menu.items_for(request.user)},
    )
