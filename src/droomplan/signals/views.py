"""Staff pages of early signals: the list, a signal, its triage steps, phone signals and the
routing per municipality. Thin: check access, parse with a form, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from droomplan.access import policy
from droomplan.access.decorators import allowed_if
from droomplan.access.policy import Verb, visible_participants
from droomplan.access.shortcuts import access_by_id
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.cases.views import duplicate_matches
from droomplan.core.forms import run_service
from droomplan.programmes.models import Programme

from . import selectors, services
from .forms import IntakeStepForm, PhoneSignalForm, RouteForm, StepForm
from .models import Channel, Signal, SignalRoute, SignalStatus
from .selectors import is_overdue

PER_PAGE = 50


def _signal(request: HttpRequest, pk, *, verb: str = Verb.VIEW) -> Signal:
    """The signal if this user may see it (and `verb` it): 404 when it is not visible at all,
    403 when visible but not to be triaged by her; both logged."""
    return access_by_id(request, Signal, pk, verb=verb, shape=selectors.with_detail)


def _log_view(request: HttpRequest, signal: Signal, detail: str = "") -> None:
    record(
        request=request,
        action=Action.VIEW,
        object_type="signal",
        object_id=signal.pk,
        participant=signal.participant,
        detail=detail,
    )


@allowed_if(policy.can_list_signals, object_type="signal")
def signal_list(request: HttpRequest) -> HttpResponse:
    state = "closed" if request.GET.get("state") == "closed" else "open"
    page = Paginator(selectors.signal_list(request.user, state=state), PER_PAGE).get_page(
        request.GET.get("page")
    )
    signals = list(page.object_list)
    # The list shows no free text and no names, only dates, places and statuses.
    record(
        request=request,
        action=Action.LIST,
        object_type="signal",
        detail=f"{state}: " + ",".join(str(s.pk) for s in signals),
    )
    return render(
        request,
        "signals/signal_list.html",
        {
            "signals": signals,
            "page": page,
            "state": state,
            "overdue_count": (
                selectors.signal_list(request.user).filter(overdue=1).count()
                if state == "open"
                else 0
            ),
            "may_manage_routes": policy.can_manage_signal_routes(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def signal_detail(request: HttpRequest, pk) -> HttpResponse:
    signal = _signal(request, pk)
    _log_view(request, signal)
    may_triage = policy.can_triage_signal(request.user, signal)
    participant_visible = (
        signal.participant_id is not None
        and visible_participants(request.user).filter(pk=signal.participant_id).exists()
    )
    return render(
        request,
        "signals/signal_detail.html",
        {
            "signal": signal,
            "overdue": is_overdue(signal),
            "may_triage": may_triage,
            # The coach reads what was noticed, not who noticed it.
            "show_signaller": may_triage,
            "next_steps": [SignalStatus(s) for s in signal.next_statuses()] if may_triage else [],
            "participant_visible": participant_visible,
        },
    )


STEP_TEXTS = {
    SignalStatus.IN_CONTACT: gettext_lazy(
        "You are in contact about this signal: with the mother, the signaller or a professional."
    ),
    SignalStatus.INTAKE_PROPOSED: gettext_lazy(
        "The mother has been offered an intake for Droommoeders."
    ),
    SignalStatus.INTAKE: gettext_lazy(
        "The mother comes to the intake. She is registered as a new family in intake; "
        "the programme lead chooses her coach."
    ),
    SignalStatus.REFERRED: gettext_lazy(
        "The signal is passed to another organisation. It is then closed."
    ),
    SignalStatus.NO_ACTION: gettext_lazy("Nothing is done with this signal. It is then closed."),
}


@login_required
def step(request: HttpRequest, pk, to_status: str) -> HttpResponse:
    signal = _signal(request, pk, verb=Verb.TRIAGE)
    if to_status not in signal.next_statuses():
        messages.info(request, _("This step is not possible for this signal any more."))
        return redirect("signals:detail", pk=signal.pk)
    data = request.POST if request.method == "POST" else None
    if to_status == SignalStatus.INTAKE:
        form = IntakeStepForm(data, signal=signal, user=request.user)
    else:
        form = StepForm(data, to_status=to_status)
    if request.method == "GET":
        _log_view(request, signal, "form")

    def save():
        cleaned = form.cleaned_data
        return services.change_status(
            actor=request.user,
            signal=signal,
            to_status=to_status,
            note=cleaned.get("note", ""),
            referred_to=cleaned.get("referred_to", ""),
            reason=cleaned.get("reason", ""),
            intake=form.intake_data() if to_status == SignalStatus.INTAKE else None,
        )

    if data is not None and run_service(form, save):
        messages.success(
            request,
            _("The signal now has the status “%(status)s”.")
            % {"status": SignalStatus(to_status).label},
        )
        return redirect("signals:detail", pk=signal.pk)
    return render(
        request,
        "signals/step.html",
        {
            "signal": signal,
            "form": form,
            "to_status": SignalStatus(to_status),
            "intro": STEP_TEXTS[to_status],
            "informs_signaller": services.informs_signaller(signal, to_status),
            "duplicates": duplicate_matches(request, form) if to_status == "intake" else [],
        },
    )


@allowed_if(policy.can_register_signal_by_phone, object_type="signal", verb=Verb.CREATE)
def phone_signal(request: HttpRequest) -> HttpResponse:
    form = PhoneSignalForm(request.POST or None)

    def save():
        municipality = form.cleaned_data["municipality"]
        return services.receive_signal(
            programme=selectors.programme_for(municipality),
            municipality=municipality,
            data=form.signal_data(),
            channel=Channel.PHONE,
            actor=request.user,
        )

    signal = request.method == "POST" and run_service(form, save)
    if signal:
        contact = signal.assigned_to
        messages.success(
            request,
            _("The signal has been saved and passed to %(contact)s.")
            % {"contact": contact or _("the programme lead")},
        )
        if policy.visible_signals(request.user).filter(pk=signal.pk).exists():
            return redirect("signals:detail", pk=signal.pk)
        return redirect("core:home")
    return render(request, "signals/phone_signal.html", {"form": form})


@allowed_if(policy.can_manage_signal_routes, object_type="signal", verb=Verb.MANAGE)
def routes(request: HttpRequest) -> HttpResponse:
    form = RouteForm(request.POST or None)
    if request.method == "POST" and run_service(
        form, lambda: services.save_route(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The contact person has been saved."))
        return redirect("signals:routes")
    all_routes = list(selectors.routes())
    routed = {(r.programme_id, r.municipality_id) for r in all_routes}
    unrouted = [
        (programme, municipality)
        for programme in Programme.objects.prefetch_related("municipalities")
        for municipality in programme.municipalities.all()
        if (programme.pk, municipality.pk) not in routed
    ]
    return render(
        request,
        "signals/routes.html",
        {"form": form, "routes": all_routes, "unrouted": unrouted},
    )


@allowed_if(policy.can_manage_signal_routes, object_type="signal", verb=Verb.MANAGE)
@require_POST
def route_delete(request: HttpRequest, pk: int) -> HttpResponse:
    route = get_object_or_404(SignalRoute, pk=pk)
    services.delete_route(actor=request.user, route=route)
    messages.success(
        request,
        _("Signals for %(municipality)s now go to the programme lead.")
        % {"municipality": route.municipality},
    )
    return redirect("signals:routes")
