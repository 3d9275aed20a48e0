"""Each event in the other apps' services tells the right people, once."""

import datetime

from django.utils import timezone

from droomplan.access import services as access_services
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.attention.kinds import Kind
from droomplan.attention.models import Notification
from droomplan.cases import services as case_services
from droomplan.core.domains import LifeDomain
from droomplan.escalations import services as escalation_services
from droomplan.meetings import services as meeting_services
from droomplan.plans import services as plan_services
from droomplan.plans.models import ActionOwner
from droomplan.plans.tests.factories import GoalFactory
from droomplan.programmes.tests.factories import CohortFactory


def _told(kind):
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind))


def test_a_handover_tells_the_new_coach(mother, coach, other_coach, lead):
    case_services.assign_coach(
        actor=lead,
        participant=mother,
        coach=other_coach,
        on_date=timezone.localdate(),
        handover_note="Zij wil graag bellen in de ochtend.",
    )
    assert _told(Kind.HANDOVER) == [other_coach.username]
    n = Notification.objects.get(kind=Kind.HANDOVER)
    assert n.participant == mother and n.url == f"/deelnemers/{mother.pk}/"
    assert "ochtend" not in str(n.params)


def test_an_action_for_an_organisation_tells_its_partners_with_consent(mother, coach):
    bank = OrganisationFactory(code="kredietbank")
    consented = UserFactory(role=Role.PARTNER, role__organisation=bank, username="p-bank")
    childcare = OrganisationFactory(code="mik")
    UserFactory(role=Role.PARTNER, role__organisation=childcare, username="p-mik")
    ConsentFactory(participant=mother, organisation=bank, scopes=[LifeDomain.FINANCES])
    goal = GoalFactory(participant=mother, domain=LifeDomain.FINANCES)

    action = plan_services.create_action(
        actor=coach,
        goal=goal,
        description="Budgetplan",
        owner=ActionOwner.PARTNER,
        organisation=bank,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    assert _told(Kind.ACTION_ASSIGNED) == [consented.username]

    # moved to an organisation without consent: nobody there is told about her
    plan_services.update_action(
        actor=coach,
        action=action,
        description="Budgetplan",
        owner=ActionOwner.PARTNER,
        organisation=childcare,
        due_date=action.due_date,
    )
    assert _told(Kind.ACTION_ASSIGNED) == [consented.username]
    # an edit that keeps the organisation tells nobody again
    plan_services.update_action(
        actor=coach,
        action=action,
        description="Budgetplan 2",
        owner=ActionOwner.PARTNER,
        organisation=childcare,
        due_date=action.due_date,
    )
    assert Notification.objects.filter(kind=Kind.ACTION_ASSIGNED).count() == 1


def test_an_escalation_tells_the_lead_then_the_board_and_coach_then_the_coach(mother, coach, lead):
    board = UserFactory(role=Role.BOARD, username="bestuur")
    goal = GoalFactory(participant=mother)
    escalation = escalation_services.open_escalation(
        actor=coach,
        participant=mother,
        goal=goal,
        kind="debt_arrangement",
        barrier="Schuldeiser weigert.",
        tried="Overleg.",
        asked="Overname?",
    )
    assert _told(Kind.ESCALATION_OPENED) == [lead.username]

    escalation_services.add_advice(actor=lead, escalation=escalation, advice="Doen.")
    assert _told(Kind.ESCALATION_WAITING) == [board.username]
    assert _told(Kind.ESCALATION_ADVISED) == [coach.username]

    escalation_services.decide(
        actor=board,
        escalation=escalation,
        text="Het fonds neemt over.",
        organisation=OrganisationFactory(),
        due_date=timezone.localdate(),
    )
    assert _told(Kind.ESCALATION_DECIDED) == [coach.username]


def test_a_withdrawn_consent_tells_the_coach_not_whoever_withdrew_it(mother, coach, lead):
    consent = ConsentFactory(participant=mother)
    access_services.withdraw_consent(actor=lead, consent=consent, reason="Wil het niet meer.")
    assert _told(Kind.CONSENT_WITHDRAWN) == [coach.username]

    other = ConsentFactory(participant=mother)
    access_services.withdraw_consent(actor=coach, consent=other)
    assert Notification.objects.filter(kind=Kind.CONSENT_WITHDRAWN).count() == 1


def test_a_meeting_invitation_reaches_the_mothers_with_a_login(programme, coach):
    from droomplan.cases.tests.factories import ParticipantFactory

    cohort = CohortFactory(programme=programme)
    with_login = ParticipantFactory(programme=programme, cohort=cohort, active=True)
    with_login.user = UserFactory(role=Role.PARTICIPANT, username="moeder")
    with_login.save()
    ParticipantFactory(programme=programme, cohort=cohort, active=True)  # no login

    meeting_services.plan_session(
        actor=coach,
        cohorts=[cohort],
        date=timezone.localdate() + datetime.timedelta(days=14),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        place="Buurthuis",
        theme="Budget",
    )
    assert _told(Kind.MEETING_INVITATION) == ["moeder"]
