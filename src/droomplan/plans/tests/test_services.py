import datetime

import pytest
from django.core.exceptions import ValidationError

from droomplan.audit.models import AccessLogEntry
from droomplan.cases.tests.factories import ChildFactory, ParticipantFactory
from droomplan.core.domains import LifeDomain
from droomplan.plans import services
from droomplan.plans.models import Action, ActionOwner, Goal, GoalStatus, GoalStatusChange
from droomplan.plans.tests.factories import DreamFactory

pytestmark = pytest.mark.django_db


def log_for(obj):
    return AccessLogEntry.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))


def test_create_and_update_dream_are_audited(coach, participant):
    dream = services.create_dream(actor=coach, participant=participant, text="  Een eigen huis  ")
    assert dream.text == "Een eigen huis"
    assert dream.created_by == coach
    services.update_dream(actor=coach, dream=dream, text="Een eigen huis met tuin")
    entries = log_for(dream)
    assert sorted(entries.values_list("action", flat=True)) == ["create", "update"]
    assert all(e.participant_id == participant.pk and e.user_id == coach.pk for e in entries)


def test_dream_needs_text(coach, participant):
    with pytest.raises(ValidationError) as error:
        services.create_dream(actor=coach, participant=participant, text="   ")
    assert "text" in error.value.error_dict


def test_create_goal_starts_open_with_history(coach, participant, dream, today):
    goal = services.create_goal(
        actor=coach,
        participant=participant,
        dream=dream,
        title="Schuldenoverzicht",
        domain=LifeDomain.FINANCES,
        target_date=today + datetime.timedelta(days=90),
    )
    assert goal.status == GoalStatus.OPEN
    change = goal.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "open", coach)
    assert log_for(goal).get().action == "create"


def test_goal_for_a_child(coach, participant, child, today):
    goal = services.create_goal(
        actor=coach,
        participant=participant,
        child=child,
        title="Naar de peuteropvang",
        domain=LifeDomain.CHILDREN,
        target_date=today,
    )
    assert goal.child == child and goal.dream is None


@pytest.mark.parametrize("kind", ["dream", "child"])
def test_goal_cannot_point_to_another_familys_dream_or_child(coach, participant, kind, today):
    other = ParticipantFactory()
    target = {"dream": DreamFactory(participant=other), "child": ChildFactory(participant=other)}
    with pytest.raises(ValidationError) as error:
        services.create_goal(
            actor=coach,
            participant=participant,
            title="Doel",
            domain=LifeDomain.EDUCATION,
            target_date=today,
            **{kind: target[kind]},
        )
    assert "belongs_to" in error.value.error_dict
    assert not Goal.objects.exists()


def test_goal_needs_a_dream_or_a_child(coach, participant, today):
    with pytest.raises(ValidationError) as error:
        services.create_goal(
            actor=coach,
            participant=participant,
            title="Doel",
            domain="education",
            target_date=today,
        )
    assert "belongs_to" in error.value.error_dict


@pytest.mark.parametrize("years", [-11, 11])
def test_goal_target_date_within_ten_years(coach, participant, dream, today, years):
    with pytest.raises(ValidationError) as error:
        services.create_goal(
            actor=coach,
            participant=participant,
            dream=dream,
            title="Doel",
            domain=LifeDomain.EDUCATION,
            target_date=today + datetime.timedelta(days=365 * years),
        )
    assert "target_date" in error.value.error_dict


def test_unknown_domain_is_refused(coach, participant, dream, today):
    with pytest.raises(ValidationError) as error:
        services.create_goal(
            actor=coach,
            participant=participant,
            dream=dream,
            title="x",
            domain="x",
            target_date=today,
        )
    assert "domain" in error.value.error_dict


def test_update_goal(coach, goal, child, today):
    services.update_goal(
        actor=coach,
        goal=goal,
        title="Nieuw",
        domain=LifeDomain.CHILDREN,
        child=child,
        target_date=today,
    )
    goal.refresh_from_db()
    assert (goal.title, goal.child, goal.dream) == ("Nieuw", child, None)
    assert log_for(goal).filter(action="update").count() == 1


@pytest.mark.parametrize("status", [GoalStatus.ADJUSTED, GoalStatus.STOPPED])
def test_adjusting_or_stopping_needs_a_reason(coach, goal, status):
    with pytest.raises(ValidationError) as error:
        services.change_goal_status(actor=coach, goal=goal, to_status=status, reason="  ")
    assert "reason" in error.value.error_dict
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN
    assert not GoalStatusChange.objects.filter(goal=goal).exists()


def test_status_changes_are_kept(coach, goal):
    services.change_goal_status(
        actor=coach, goal=goal, to_status=GoalStatus.ADJUSTED, reason="Te groot, eerst de helft"
    )
    services.change_goal_status(actor=coach, goal=goal, to_status=GoalStatus.ACHIEVED)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert goal.status_reason == ""
    history = list(goal.status_changes.values_list("from_status", "to_status", "reason"))
    assert history == [
        ("open", "adjusted", "Te groot, eerst de helft"),
        ("adjusted", "achieved", ""),
    ]
    assert log_for(goal).filter(action="update").count() == 2


def test_same_status_is_refused_but_adjusting_again_is_allowed(coach, goal):
    with pytest.raises(ValidationError):
        services.change_goal_status(actor=coach, goal=goal, to_status=GoalStatus.OPEN)
    services.change_goal_status(actor=coach, goal=goal, to_status="adjusted", reason="Eerste keer")
    services.change_goal_status(actor=coach, goal=goal, to_status="adjusted", reason="Tweede keer")
    assert goal.status_changes.count() == 2


def test_status_reason_too_long(coach, goal):
    with pytest.raises(ValidationError) as error:
        services.change_goal_status(actor=coach, goal=goal, to_status="stopped", reason="x" * 501)
    assert "reason" in error.value.error_dict


def test_unknown_status(coach, goal):
    with pytest.raises(ValidationError):
        services.change_goal_status(actor=coach, goal=goal, to_status="finished")


def test_partner_action_needs_an_organisation(coach, goal):
    with pytest.raises(ValidationError) as error:
        services.create_action(
            actor=coach, goal=goal, description="Budgetplan", owner=ActionOwner.PARTNER
        )
    assert "organisation" in error.value.error_dict
    assert not Action.objects.exists()


@pytest.mark.parametrize("owner", [ActionOwner.MOTHER, ActionOwner.COACH])
def test_organisation_only_for_partner_actions(coach, goal, partner_org, owner):
    with pytest.raises(ValidationError) as error:
        services.create_action(
            actor=coach, goal=goal, description="Bellen", owner=owner, organisation=partner_org
        )
    assert "organisation" in error.value.error_dict


def test_inactive_organisation_cannot_get_new_actions(coach, goal, partner_org):
    partner_org.is_active = False
    partner_org.save()
    with pytest.raises(ValidationError):
        services.create_action(
            actor=coach, goal=goal, description="x", owner="partner", organisation=partner_org
        )


def test_create_update_and_mark_action_done(coach, goal, partner_org, today):
    action = services.create_action(
        actor=coach,
        goal=goal,
        description="Budgetplan maken",
        owner=ActionOwner.PARTNER,
        organisation=partner_org,
        due_date=today,
    )
    services.update_action(
        actor=coach, action=action, description="Budgetplan maken", owner="mother", due_date=today
    )
    action.refresh_from_db()
    assert action.owner == "mother" and action.organisation is None
    services.mark_action_done(actor=coach, action=action)
    action.refresh_from_db()
    assert action.done_on == today
    services.mark_action_done(actor=coach, action=action, done=False)
    action.refresh_from_db()
    assert action.done_on is None
    details = list(log_for(action).order_by("at", "id").values_list("action", "detail"))
    assert details[0] == ("create", "")
    assert [d for _a, d in details[2:]] == [f"done: {today:%Y-%m-%d}", "not done"]


def test_action_cannot_be_done_in_the_future(coach, action, today):
    with pytest.raises(ValidationError):
        services.mark_action_done(
            actor=coach, action=action, on_date=today + datetime.timedelta(days=1)
        )


def test_action_text_too_long(coach, goal):
    with pytest.raises(ValidationError) as error:
        services.create_action(actor=coach, goal=goal, description="x" * 301, owner="mother")
    assert "description" in error.value.error_dict
