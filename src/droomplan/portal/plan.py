"""Her plan in the portal ("Mijn plan"): her dreams, goals (also for her children) and actions
with their status. She ticks off her own actions, adds an action of her own to a goal and
writes a short note on a goal. Every change goes through `plans.services` with her as the
actor (so it is in the access log and on her coach's case page as done by her), and her
coach is told when she ticks an action off."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from droomplan.access.decorators import allowed_if
from droomplan.access.policy import Verb
from droomplan.access.policy import portal as policy
from droomplan.access.shortcuts import deny, own_object_by_id
from droomplan.attention.kinds import PortalActivity
from droomplan.attention.services import notify_portal_activity
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.core.forms import run_service
from droomplan.core.sections import part_url
from droomplan.plans import selectors as plan_selectors
from droomplan.plans import services as plan_services
from droomplan.plans.models import Action as PlanAction
from droomplan.plans.models import ActionOwner, Goal

from . import menu
from .forms import GoalNoteForm, OwnActionForm

menu.register(
    menu.MenuItem(
        label=gettext_lazy("My plan"),
        description=gettext_lazy("Your dreams, goals and steps"),
        url_name="portal:plan",
        when=policy.can_use_portal,
        order=10,
    )
)


@allowed_if(policy.can_use_portal, object_type="plan")
def plan(request: HttpRequest) -> HttpResponse:
    participant = policy.own_participant(request.user)
    data = plan_selectors.plan_for(participant, request.user)
    for goal in data["goals"]:
        goal.may_add = policy.can_add_to_goal(request.user, goal)
        for action in goal.plan_actions:
            action.goal = goal
            action.may_tick = policy.can_tick_off(request.user, action)
            action.is_hers = action.owner == ActionOwner.MOTHER
    record(
        request=request,
        action=AuditAction.VIEW,
        object_type="plan",
        object_id=participant.pk,
        participant=participant,
        detail="portal",
    )
    return render(request, "portal/plan.html", {**data, "back_url": reverse("portal:home")})


def _own_goal(request, goal_pk) -> Goal:
    goal = own_object_by_id(
        request,
        "plans.Goal",
        goal_pk,
        verb=Verb.EDIT,
        queryset=Goal.objects.select_related("participant"),
    )
    if not policy.can_add_to_goal(request.user, goal):
        deny(
            request,
            object_type="goal",
            object_id=goal.pk,
            verb=Verb.EDIT,
            participant=goal.participant,
        )
        raise PermissionDenied
    return goal


@allowed_if(policy.can_use_portal, object_type="action")
@require_POST
def tick_off(request: HttpRequest, action_pk) -> HttpResponse:
    action = own_object_by_id(
        request,
        "plans.Action",
        action_pk,
        path="goal__participant",
        verb=Verb.EDIT,
        queryset=PlanAction.objects.select_related("goal", "goal__participant"),
    )
    participant = action.goal.participant
    if action.done_on is not None:  # ticked off already (a second tap, another tab)
        messages.info(request, _("This step was done already."))
        return redirect(f"{reverse('portal:plan')}#action-{action.pk}")
    if not policy.can_tick_off(request.user, action):
        deny(
            request,
            object_type="action",
            object_id=action.pk,
            verb=Verb.EDIT,
            participant=participant,
        )
        raise PermissionDenied
    plan_services.mark_action_done(actor=request.user, action=action)
    notify_portal_activity(
        participant=participant,
        activity=PortalActivity.ACTION_DONE,
        url=part_url(participant, "plan", f"action-{action.pk}"),
    )
    messages.success(request, _("Well done! The step is ticked off."))
    return redirect(f"{reverse('portal:plan')}#action-{action.pk}")


def _goal_form_page(request, goal, form, *, title, submit_label, template="portal/goal_form.html"):
    return render(
        request,
        template,
        {
            "goal": goal,
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "back_url": f"{reverse('portal:plan')}#goal-{goal.pk}",
            "back_label": _("Back to my plan"),
        },
        status=400 if request.method == "POST" else 200,
    )


@allowed_if(policy.can_use_portal, object_type="action")
def add_action(request: HttpRequest, goal_pk) -> HttpResponse:
    goal = _own_goal(request, goal_pk)
    form = OwnActionForm(request.POST or None)
    if request.method == "POST":

        def save():
            return plan_services.create_action(
                actor=request.user,
                goal=goal,
                description=form.cleaned_data["description"],
                owner=ActionOwner.MOTHER,
                due_date=form.cleaned_data["due_date"],
            )

        if (action := run_service(form, save)) is not None:
            messages.success(request, _("Your step has been added."))
            return redirect(f"{reverse('portal:plan')}#action-{action.pk}")
    else:
        _log_form(request, goal)
    return _goal_form_page(
        request, goal, form, title=_("Add your own step"), submit_label=_("Add step")
    )


@allowed_if(policy.can_use_portal, object_type="goalnote")
def add_note(request: HttpRequest, goal_pk) -> HttpResponse:
    goal = _own_goal(request, goal_pk)
    form = GoalNoteForm(request.POST or None)
    if request.method == "POST":

        def save():
            return plan_services.add_goal_note(
                actor=request.user,
                goal=goal,
                went_well=form.cleaned_data["went_well"],
                difficult=form.cleaned_data["difficult"],
            )

        if run_service(form, save) is not None:
            messages.success(request, _("Your note has been saved. Your coach can read it."))
            return redirect(f"{reverse('portal:plan')}#goal-{goal.pk}")
    else:
        _log_form(request, goal)
    return _goal_form_page(
        request, goal, form, title=_("How is it going?"), submit_label=_("Save note")
    )


def _log_form(request, goal) -> None:
    record(
        request=request,
        action=AuditAction.VIEW,
        object_type="goal",
        object_id=goal.pk,
        participant=goal.participant,
        detail="portal form",
    )
