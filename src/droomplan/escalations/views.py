"""Pages of escalations. The case pages (open, withdraw) load the mother through `access`;
the board's pages show the summary the coach wrote, never the case file. Every page that
shows an escalation logs the read, linked to the mother."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from droomplan.access import policy
from droomplan.access.decorators import allowed_if
from droomplan.access.policy import Verb, can, escalations
from droomplan.access.shortcuts import access_by_id, get_participant, record_form_view
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record, record_many
from droomplan.core.forms import run_service
from droomplan.core.sections import part_url

from . import selectors, services
from .forms import AdviceForm, DecisionForm, EscalationForm, WithdrawForm
from .models import BarrierKind, Escalation, EscalationStatus

get_or_post = require_http_methods(["GET", "POST"])


def _escalation(request: HttpRequest, pk: int, *, verb: str = Verb.VIEW) -> Escalation:
    """The escalation `pk` if this user may read its summary (and `verb` it); else refused
    and logged (the same answer for someone else's escalation and one that does not exist)."""
    escalation = access_by_id(request, Escalation, pk, verb=verb, shape=selectors.with_summary)
    selectors.mark([escalation], timezone.localdate())
    return escalation


def _log_read(request, escalation: Escalation, detail: str = "") -> None:
    record(
        request=request,
        action=AuditAction.VIEW,
        object_type="escalation",
        object_id=escalation.pk,
        participant=escalation.participant,
        detail=detail,
    )


def _summary_context(request, escalation: Escalation) -> dict:
    return {
        "escalation": escalation,
        # Her name and a link to the case only when the user may open the case file anyway
        # (her coach, the programme lead), never because of the board role.
        "show_case": can(request.user, Verb.VIEW, escalation.participant),
        "Status": EscalationStatus,
    }


# --- The queue -------------------------------------------------------------------------------


@allowed_if(policy.can_open_escalation_queue, object_type="escalation_queue")
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    waiting = selectors.queue(request.user, today=today)
    closed = selectors.recently_closed(request.user)
    record_many(
        request=request,
        action=AuditAction.LIST,
        object_type="escalation",
        participants=[e.participant for e in waiting + closed],
        detail="queue",
    )
    selectors.mark_case_links(request.user, waiting + closed)
    return render(
        request,
        "escalations/queue.html",
        {
            "waiting": waiting,
            "closed": closed,
            "overdue_count": sum(1 for e in waiting if e.is_overdue),
            "today": today,
            "may_see_figures": policy.can_see_escalation_figures(request.user),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = _escalation(request, pk)
    _log_read(request, escalation)
    user = request.user
    return render(
        request,
        "escalations/detail.html",
        {
            **_summary_context(request, escalation),
            "may_decide": escalation.is_waiting and escalations.can(user, Verb.DECIDE),
            "may_advise": escalation.is_waiting and escalations.can(user, Verb.ADVISE),
            "may_withdraw": escalation.is_waiting and can(user, Verb.EDIT, escalation.participant),
        },
    )


@login_required
@get_or_post
def advise(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = _escalation(request, pk, verb=Verb.ADVISE)
    form = AdviceForm(request.POST or None, initial={"advice": escalation.advice})
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.add_advice(
                actor=request.user, escalation=escalation, advice=form.cleaned_data["advice"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Your advice has been added. The board can decide now."))
            return redirect("escalations:detail", pk=escalation.pk)
    else:
        _log_read(request, escalation, "form")
    return render(
        request,
        "escalations/advice_form.html",
        {**_summary_context(request, escalation), "form": form},
    )


@login_required
@get_or_post
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = _escalation(request, pk, verb=Verb.DECIDE)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        decision = run_service(
            form,
            lambda: services.decide(
                actor=request.user, escalation=escalation, **form.service_kwargs()
            ),
        )
        if decision is not None:
            messages.success(
                request,
                _("The decision has been saved and added to her plan as actions for %(org)s.")
                % {"org": decision.organisation.name},
            )
            return redirect("escalations:detail", pk=escalation.pk)
    else:
        _log_read(request, escalation, "form")
    return render(
        request,
        "escalations/decision_form.html",
        {**_summary_context(request, escalation), "form": form},
    )


@allowed_if(policy.can_see_escalation_figures, object_type="escalation_figures")
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "escalations/figures.html",
        {"figures": selectors.figures(request.user), "kinds": BarrierKind},
    )


# --- From the case (/deelnemers/<pk>/escalaties/) --------------------------------------------


def _case_url(participant) -> str:
    return part_url(participant, "escalations", "escalations")


@login_required
@get_or_post
def create(request: HttpRequest, participant_pk: int) -> HttpResponse:
    """The coach escalates a stuck goal (or one action of it) to the board."""
    participant = get_participant(request, participant_pk, verb=Verb.EDIT, object_type="escalation")
    initial = {}
    for param in ("goal", "action"):
        if request.GET.get(param, "").isdigit():
            initial[param] = request.GET[param]
    form = EscalationForm(request.POST or None, participant=participant, initial=initial)
    if request.method == "POST":
        escalation = run_service(
            form,
            lambda: services.open_escalation(
                actor=request.user, participant=participant, **form.service_kwargs()
            ),
        )
        if escalation is not None:
            messages.success(
                request,
                _("The escalation has been sent. The board decides by %(date)s.")
                % {"date": date_format(escalation.deadline)},
            )
            return redirect("escalations:detail", pk=escalation.pk)
    else:
        record_form_view(request, participant)
    return render(
        request,
        "escalations/escalation_form.html",
        {
            "participant": participant,
            "form": form,
            "has_goals": bool(form.goals),
            "back_url": _case_url(participant),
            "deadline_days": participant.programme.escalation_deadline_days,
        },
    )


@login_required
@get_or_post
def withdraw(request: HttpRequest, participant_pk: int, escalation_pk: int) -> HttpResponse:
    participant = get_participant(request, participant_pk, verb=Verb.EDIT, object_type="escalation")
    escalation = get_object_or_404(
        selectors.with_summary(Escalation.objects.filter(participant=participant)),
        pk=escalation_pk,
    )
    selectors.mark([escalation], timezone.localdate())
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.withdraw(
                actor=request.user, escalation=escalation, reason=form.cleaned_data["reason"]
            ),
        )
        if saved is not None:
            messages.success(request, _("The escalation has been withdrawn."))
            return redirect(_case_url(participant))
    else:
        record_form_view(request, participant, escalation)
    return render(
        request,
        "escalations/withdraw_form.html",
        {
            **_summary_context(request, escalation),
            "participant": participant,
            "form": form,
            "back_url": _case_url(participant),
        },
    )
