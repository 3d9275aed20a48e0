"""A family's spending ledger: add, change, remove. Like the life-domain records: the case is
loaded through `access` (view the case, then edit in the finances domain), every form view and
write is in the access log, back to the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from droomplan.access.policy import Verb, can
from droomplan.access.shortcuts import get_participant, record_form_view, require
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.forms import run_service
from droomplan.core.sections import part_url

from . import services
from .forms import SpendingForm
from .models import Spending

get_or_post = require_http_methods(["GET", "POST"])


def _participant(request: HttpRequest, participant_pk: int):
    participant = get_participant(request, participant_pk, verb=Verb.VIEW, object_type="spending")
    require(request, Verb.EDIT, participant, object_type="spending", domain=Spending.DOMAIN)
    return participant


def _back(participant, anchor: str = "uitgaven") -> str:
    return part_url(participant, "spending", anchor)


def _ledger(participant) -> str:
    return reverse("businesscase_case:spending_list", args=[participant.pk])


def _page(request, participant, form, *, title, obj=None):
    return render(
        request,
        "businesscase/spending_form.html",
        {
            "participant": participant,
            "form": form,
            "title": title,
            "obj": obj,
            "back_url": _ledger(participant),
        },
        status=400 if form.errors else 200,
    )


@login_required
@get_or_post
def spending_create(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = _participant(request, participant_pk)
    form = SpendingForm(request.POST or None)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.create_spending(
                actor=request.user, participant=participant, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, _("The spending has been recorded."))
            return redirect(_ledger(participant))
    return _page(request, participant, form, title=_("Record spending"))


@login_required
@get_or_post
def spending_edit(request: HttpRequest, participant_pk: int, spending_pk: int) -> HttpResponse:
    participant = _participant(request, participant_pk)
    spending = get_object_or_404(Spending, pk=spending_pk, participant=participant)
    if request.method == "POST" and request.POST.get("delete") == "1":
        services.delete_spending(actor=request.user, spending=spending)
        messages.success(request, _("The spending has been removed."))
        return redirect(_ledger(participant))
    form = SpendingForm(request.POST or None, spending=spending)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.update_spending(
                actor=request.user, spending=spending, **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, _("The spending has been saved."))
            return redirect(_ledger(participant))
    else:
        record_form_view(request, participant, spending)
    return _page(request, participant, form, title=_("Change the spending"), obj=spending)


@login_required
@require_http_methods(["GET"])
def spending_list(request: HttpRequest, participant_pk: int) -> HttpResponse:
    """Her ledger: what the programme spent on the family, newest first, with the total."""
    participant = get_participant(
        request,
        participant_pk,
        verb=Verb.VIEW,
        object_type="spending",
        domain=Spending.DOMAIN,
    )
    rows = list(Spending.objects.filter(participant=participant).order_by("-date", "-pk"))
    record(
        request=request,
        action=Action.VIEW,
        object_type="spending",
        object_id=participant.pk,
        participant=participant,
        detail=f"ledger rows={len(rows)}",
    )
    return render(
        request,
        "businesscase/spending_list.html",
        {
            "participant": participant,
            "rows": rows,
            "total": sum(r.amount for r in rows),
            "can_edit": can(request.user, Verb.EDIT, participant, domain=Spending.DOMAIN),
            "back_url": _back(participant, "uitgaven"),
        },
    )
