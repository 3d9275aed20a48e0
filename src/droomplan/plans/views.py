"""Pages of the one plan. Thin: load the participant through `access`, parse the form, call a
service, go back to the case page (the plan is shown there)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from droomplan.access.policy import Verb, sharing_organisations
from droomplan.access.shortcuts import get_participant, record_form_view
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.core.forms import run_service
from droomplan.core.sections import part_url

from . import selectors, services
from .forms import ActionForm, DreamForm, GoalForm, GoalStatusForm
from .models import Action, ActionOwner, Dream, Goal, GoalStatus

get_or_post = require_http_methods(["GET", "POST"])


def case_url(participant, anchor: str = "plan") -> str:
    """The plan's own page of her case file, scrolled to `anchor` (not the overview, which
    shows only her open goals)."""
    return part_url(participant, "plan", anchor)


def _edit_participant(request: HttpRequest, participant_pk: int, *, domain: str | None = None):
    """The participant whose plan this user may change (in life domain `domain`: a partner
    may add and change actions of goals in a domain the mother shares with her)."""
    return get_participant(
        request, participant_pk, verb=Verb.EDIT, object_type="plan", domain=domain
    )


def _goal_domain(participant_pk: int, goal_pk: int) -> str | None:
    """The life domain of her goal, for the access check (None when there is no such goal)."""
    return (
        Goal.objects.filter(pk=goal_pk, participant_id=participant_pk)
        .values_list("domain", flat=True)
        .first()
    )


def _action_domain(participant_pk: int, action_pk: int) -> str | None:
    return (
        Action.objects.filter(pk=action_pk, goal__participant_id=participant_pk)
        .values_list("goal__domain", flat=True)
        .first()
    )


def _log_view(request: HttpRequest, participant, obj=None) -> None:
    record_form_view(request, participant, obj)


def _save(form: Form, save: Callable):
    """Validate the form and call the service; its errors go back into the form."""
    return run_service(form, lambda: save(**form.service_kwargs()))


def _form_page(request, participant, form, *, title, back_anchor="plan", **extra):
    context = {
        "participant": participant,
        "form": form,
        "title": title,
        "back_url": case_url(participant, back_anchor),
        **extra,
    }
    return render(request, "plans/form.html", context, status=200)


# --- Dreams ----------------------------------------------------------------------------------


@login_required
@get_or_post
def dream_create(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = _edit_participant(request, participant_pk)
    form = DreamForm(request.POST or None)
    if request.method == "POST":

        def save(**data):
            return services.create_dream(actor=request.user, participant=participant, **data)

        if (dream := _save(form, save)) is not None:
            messages.success(request, _("The dream has been added."))
            return redirect(case_url(participant, f"dream-{dream.pk}"))
    else:
        _log_view(request, participant)
    return _form_page(
        request,
        participant,
        form,
        title=_("Add a dream"),
        intro=_(
            "What does she dream of? Write it down in her own words. "
            "Afterwards you break the dream into small, realistic goals together."
        ),
    )


@login_required
@get_or_post
def dream_edit(request: HttpRequest, participant_pk: int, dream_pk: int) -> HttpResponse:
    participant = _edit_participant(request, participant_pk)
    dream = get_object_or_404(Dream, pk=dream_pk, participant=participant)
    form = DreamForm(request.POST or None, instance=dream)
    if request.method == "POST":

        def save(**data):
            return services.update_dream(actor=request.user, dream=dream, **data)

        if _save(form, save) is not None:
            messages.success(request, _("The dream has been saved."))
            return redirect(case_url(participant, f"dream-{dream.pk}"))
    else:
        _log_view(request, participant, dream)
    return _form_page(
        request, participant, form, title=_("Change the dream"), back_anchor=f"dream-{dream.pk}"
    )


# --- Goals -----------------------------------------------------------------------------------


@login_required
@get_or_post
def goal_create(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = _edit_participant(request, participant_pk)
    initial = {}
    for param, prefix in (("droom", "dream"), ("kind", "child")):
        if request.GET.get(param, "").isdigit():
            initial["belongs_to"] = f"{prefix}:{request.GET[param]}"
    form = GoalForm(request.POST or None, participant=participant, initial=initial)
    if request.method == "POST":

        def save(**data):
            return services.create_goal(actor=request.user, participant=participant, **data)

        if (goal := _save(form, save)) is not None:
            messages.success(request, _("The goal has been added."))
            return redirect(case_url(participant, f"goal-{goal.pk}"))
    else:
        _log_view(request, participant)
    return _form_page(
        request,
        participant,
        form,
        title=_("Add a goal"),
        intro=_(
            "A goal is a small, realistic step towards a dream, or something for one of "
            "the children. Choose a date that she thinks is doable."
        ),
    )


@login_required
@get_or_post
def goal_edit(request: HttpRequest, participant_pk: int, goal_pk: int) -> HttpResponse:
    participant = _edit_participant(request, participant_pk)
    goal = get_object_or_404(Goal, pk=goal_pk, participant=participant)
    form = GoalForm(request.POST or None, participant=participant, goal=goal)
    if request.method == "POST":

        def save(**data):
            return services.update_goal(actor=request.user, goal=goal, **data)

        if _save(form, save) is not None:
            messages.success(request, _("The goal has been saved."))
            return redirect(case_url(participant, f"goal-{goal.pk}"))
    else:
        _log_view(request, participant, goal)
    return _form_page(
        request,
        participant,
        form,
        title=_("Change the goal"),
        back_anchor=f"goal-{goal.pk}",
        intro=_("Is the goal reached, adjusted or stopped? Use “Change status” on the plan."),
    )


@login_required
@get_or_post
def goal_status(request: HttpRequest, participant_pk: int, goal_pk: int) -> HttpResponse:
    participant = _edit_participant(request, participant_pk)
    goal = get_object_or_404(Goal, pk=goal_pk, participant=participant)
    initial = {"to_status": request.GET.get("status", "")}
    form = GoalStatusForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def save(**data):
            return services.change_goal_status(actor=request.user, goal=goal, **data)

        if _save(form, save) is not None:
            messages.success(request, _("The status of the goal has been changed."))
            return redirect(case_url(participant, f"goal-{goal.pk}"))
    else:
        _log_view(request, participant, goal)
    history = goal.status_changes.select_related("changed_by").order_by("-created_at", "-pk")
    return render(
        request,
        "plans/goal_status.html",
        {
            "participant": participant,
            "goal": goal,
            "form": form,
            "history": history,
            "statuses": GoalStatus,
            "back_url": case_url(participant, f"goal-{goal.pk}"),
        },
    )


# --- Actions ---------------------------------------------------------------------------------


@login_required
@get_or_post
def action_create(request: HttpRequest, participant_pk: int, goal_pk: int) -> HttpResponse:
    participant = _edit_participant(
        request, participant_pk, domain=_goal_domain(participant_pk, goal_pk)
    )
    goal = get_object_or_404(Goal, pk=goal_pk, participant=participant)
    initial = {}
    if organisations := sharing_organisations(request.user, participant):
        # A partner adds what her own organisation will do.
        initial = {"owner": ActionOwner.PARTNER, "organisation": organisations[0]}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def save(**data):
            return services.create_action(actor=request.user, goal=goal, **data)

        if (action := _save(form, save)) is not None:
            messages.success(request, _("The action has been added."))
            return redirect(case_url(participant, f"action-{action.pk}"))
    else:
        _log_view(request, participant, goal)
    return _form_page(
        request,
        participant,
        form,
        title=_("Add an action"),
        back_anchor=f"goal-{goal.pk}",
        goal=goal,
    )


@login_required
@get_or_post
def action_edit(request: HttpRequest, participant_pk: int, action_pk: int) -> HttpResponse:
    participant = _edit_participant(
        request, participant_pk, domain=_action_domain(participant_pk, action_pk)
    )
    action = get_object_or_404(
        Action.objects.select_related("goal"), pk=action_pk, goal__participant=participant
    )
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST":

        def save(**data):
            return services.update_action(actor=request.user, action=action, **data)

        if _save(form, save) is not None:
            messages.success(request, _("The action has been saved."))
            return redirect(case_url(participant, f"action-{action.pk}"))
    else:
        _log_view(request, participant, action)
    return _form_page(
        request,
        participant,
        form,
        title=_("Change the action"),
        back_anchor=f"action-{action.pk}",
        goal=action.goal,
    )


@login_required
@require_POST
def action_done(request: HttpRequest, participant_pk: int, action_pk: int) -> HttpResponse:
    """Tick an action off (done=1) or undo it (done=0). With htmx: answer with the action."""
    participant = _edit_participant(
        request, participant_pk, domain=_action_domain(participant_pk, action_pk)
    )
    action = get_object_or_404(
        Action.objects.select_related("goal", "organisation"),
        pk=action_pk,
        goal__participant=participant,
    )
    done = request.POST.get("done", "1") != "0"
    services.mark_action_done(actor=request.user, action=action, done=done)
    if request.headers.get("HX-Request"):
        selectors.mark_overdue([action])
        return render(
            request,
            "plans/includes/action.html",
            {"action": action, "participant": participant, "can_edit": True, "announce": True},
        )
    if done:
        messages.success(request, _("The action is marked as done."))
    else:
        messages.success(request, _("The action is open again."))
    return redirect(case_url(participant, f"action-{action.pk}"))


# --- Printable plan --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def print_plan(request: HttpRequest, participant_pk: int) -> HttpResponse:
    # The whole plan, on paper for her talk with the coach: not for partners.
    participant = get_participant(request, participant_pk, verb=Verb.VIEW_ALL, object_type="plan")
    plan = selectors.plan_for(participant, request.user)
    record(
        request=request,
        action=AuditAction.PRINT,
        object_type="plan",
        object_id=participant.pk,
        participant=participant,
    )
    return render(
        request,
        "plans/print.html",
        {"participant": participant, "plan": plan, "back_url": case_url(participant)},
    )
