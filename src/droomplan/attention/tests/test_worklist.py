""" "Vandaag": what each role sees, that items go when the work is done, and a constant
number of queries per role however much data there is."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.attention.kinds import Kind
from droomplan.attention.services import notify
from droomplan.attention.worklist import LIMIT, work_lists
from droomplan.audit.models import AccessLogEntry
from droomplan.cases.models import CoachAssignment, Status
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory
from droomplan.core.domains import LifeDomain
from droomplan.escalations.models import EscalationStatus
from droomplan.escalations.tests.factories import EscalationFactory
from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory
from droomplan.plans import services as plan_services
from droomplan.plans.models import ActionOwner
from droomplan.plans.tests.factories import ActionFactory, GoalFactory
from droomplan.signals.models import SignalStatus
from droomplan.signals.tests.factories import SignalFactory

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=120)


def _groups(user) -> dict[str, list[str]]:
    result = {}
    for role_list in work_lists(user, today=TODAY):
        for group in role_list.groups:
            result[f"{role_list.role}:{group.key}"] = [item.text for item in group.items]
    return result


def _busy_family(programme, coach, n: int, bank):
    """A family with something in every group of the coach's list."""
    family = ParticipantFactory(
        programme=programme,
        coach=coach,
        status=Status.ACTIVE,
        start_date=LONG_AGO,
        given_name=f"Moeder{n}",
        family_name="Test",
    )
    CoachAssignment.objects.filter(participant=family).update(handover_note="Let op.")
    goal = GoalFactory(participant=family, target_date=TODAY - datetime.timedelta(days=3))
    ActionFactory(goal=goal, owner=ActionOwner.COACH, due_date=TODAY - datetime.timedelta(days=2))
    ActionFactory(
        goal=goal,
        owner=ActionOwner.PARTNER,
        organisation=bank,
        due_date=TODAY + datetime.timedelta(days=5),
        description=f"Budgetplan {n}",
    )
    ConsentFactory(
        participant=family,
        organisation=bank,
        scopes=[LifeDomain.FINANCES],
        given_on=LONG_AGO,
        expires_on=TODAY + datetime.timedelta(days=10),
    )
    contact = ContactFactory(participant=family, author=coach, date=LONG_AGO)
    contact.shared_with.set([bank])
    session = GroupSessionFactory(programme=programme, date=TODAY, facilitators=[coach])
    AttendanceFactory(session=session, participant=family)
    notify(kind=Kind.ESCALATION_DECIDED, recipients=[coach], participant=family)
    EscalationFactory(goal=goal, status=EscalationStatus.OPEN, deadline=TODAY)
    EscalationFactory(goal=goal, status=EscalationStatus.ADVISED, deadline=TODAY)
    SignalFactory(programme=programme, first_contact_due=TODAY)
    ParticipantFactory(programme=programme, status=Status.INTAKE)  # no coach, no decision
    ParticipantFactory(programme=programme, on_waiting_list=True)
    return family


@pytest.fixture
def bank(db):
    return OrganisationFactory(code="kredietbank", name="Kredietbank Limburg")


@pytest.fixture
def people(programme, coach, contact, lead, bank):
    return {
        Role.COACH: coach,
        Role.PARTNER: UserFactory(role=Role.PARTNER, role__organisation=bank, username="bank"),
        Role.MUNICIPAL_CONTACT: contact,
        Role.PROGRAMME_LEAD: lead,
        Role.BOARD: UserFactory(role=Role.BOARD, username="bestuur"),
    }


EXPECTED_GROUPS = {
    Role.COACH: {
        "coach:news",
        "coach:handovers",
        "coach:actions",
        "coach:goals",
        "coach:measurements",
        "coach:consents",
        "coach:contact",
        "coach:meetings",
    },
    Role.PARTNER: {"partner:actions", "partner:notes"},
    Role.MUNICIPAL_CONTACT: {"municipal_contact:signals"},
    Role.PROGRAMME_LEAD: {
        "programme_lead:no_coach",
        "programme_lead:intakes",
        "programme_lead:waiting",
        "programme_lead:advice",
        "programme_lead:caseloads",
    },
    Role.BOARD: {"board:decisions"},
}
# Exact queries for one role's list (the user's memberships are loaded already).
QUERIES = {
    # her families come with their last contact moment (one read, shared with her home's
    # families section; "No contact for a while" no longer reads them again)
    Role.COACH: 11,
    # actions, consents, the oldest shared note (when there is one: the access log is read
    # from its month on), the new notes
    Role.PARTNER: 4,
    Role.MUNICIPAL_CONTACT: 1,
    # the coaches overview: coaches, families, overdue actions (the two counts when they are
    # not in the cache: `cases/tests/test_caseloads_cache.py`; each block below starts empty)
    Role.PROGRAMME_LEAD: 7,
    Role.BOARD: 1,
}


@pytest.mark.parametrize("role", list(EXPECTED_GROUPS))
def test_each_role_sees_its_groups_with_constant_queries(
    role, people, programme, coach, bank, django_assert_num_queries
):
    user = people[role]
    _busy_family(programme, coach, 1, bank)
    assert set(_groups(user)) == EXPECTED_GROUPS[role]
    user.active_memberships()
    cache.clear()
    with django_assert_num_queries(QUERIES[role]):
        work_lists(user, today=TODAY)

    for n in range(2, LIMIT + 4):  # more families than a group shows
        _busy_family(programme, coach, n, bank)
    user = user.__class__.objects.get(pk=user.pk)
    user.active_memberships()
    cache.clear()
    with django_assert_num_queries(QUERIES[role]):
        lists = work_lists(user, today=TODAY)
    assert all(len(g.items) <= LIMIT for r in lists for g in r.groups if g.key != "caseloads")


def test_the_coach_list_reads_her_families_once(programme, coach, bank):
    """Her families are read once and the groups filter on their ids: only that read, the ids
    of the families she may see (`access.policy`, read once per request) and the handovers
    (coach assignments themselves) ask for her current assignments; before, six groups each
    repeated the subquery (8 such queries; issue 18: compiled and planned six times)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _busy_family(programme, coach, 1, bank)
    coach.active_memberships()
    with CaptureQueriesContext(connection) as queries:
        work_lists(coach, today=TODAY)
    # + the consents that end soon: read for the families she coaches (`access.selectors.
    # own_families`), the read her home's consents part shares
    assert sum('"cases_coachassignment"' in q["sql"] for q in queries.captured_queries) == 4


def test_the_coach_list_matches_her_families(programme, coach, bank):
    family = _busy_family(programme, coach, 1, bank)
    groups = _groups(coach)
    assert groups["coach:actions"] == ["Alle brieven van schuldeisers verzamelen · Moeder1 Test"]
    assert groups["coach:goals"] == ["Overzicht van alle schulden · Moeder1 Test"]
    assert groups["coach:handovers"] == ["Lees de overdrachtsnotitie van Moeder1 Test"]
    assert groups["coach:consents"] == ["Moeder1 Test voor Kredietbank Limburg"]
    assert groups["coach:contact"] == ["Moeder1 Test"]
    assert groups["coach:news"] == ["Het bestuur besloot over de escalatie voor Moeder1 Test."]
    assert groups["coach:measurements"]  # she started long ago and was never measured
    # another coach's family is never in her list
    other = UserFactory(role=Role.COACH)
    assert _groups(other) == {}
    assert family.full_name not in str(_groups(other))


def test_items_go_when_the_work_is_done(programme, coach, bank, lead, contact):
    family = _busy_family(programme, coach, 1, bank)
    action = family.goals.get().actions.get(owner=ActionOwner.COACH)
    plan_services.mark_action_done(actor=coach, action=action)
    assert "coach:actions" not in _groups(coach)

    CoachAssignment.objects.filter(participant=family).update(handover_read_at=timezone.now())
    assert "coach:handovers" not in _groups(coach)

    ContactFactory(participant=family, author=coach, date=TODAY)
    assert "coach:contact" not in _groups(coach)

    from droomplan.signals.models import Signal

    Signal.objects.update(status=SignalStatus.IN_CONTACT)
    assert "municipal_contact:signals" not in _groups(contact)


def test_the_partner_sees_only_her_consented_domains_and_new_notes(programme, coach, bank):
    partner = UserFactory(role=Role.PARTNER, role__organisation=bank)
    family = _busy_family(programme, coach, 1, bank)
    housing = GoalFactory(participant=family, domain=LifeDomain.FAMILY_STABILITY)
    ActionFactory(goal=housing, owner=ActionOwner.PARTNER, organisation=bank, description="Huis")
    groups = _groups(partner)
    assert groups["partner:actions"] == ["Budgetplan 1 · Moeder1 Test"]  # not "Huis"
    assert groups["partner:notes"] == ["Moeder1 Test"]

    AccessLogEntry.objects.create(
        user=partner,
        participant=family,
        object_type="case",
        object_id=str(family.pk),
        action="view",
        outcome="allowed",
    )
    assert "partner:notes" not in _groups(partner)  # she has read it since


def test_the_municipal_contact_sees_the_oldest_signal_first_with_working_days(
    contact, programme, maastricht
):
    SignalFactory(
        programme=programme,
        municipality=maastricht,
        assigned_to=contact,
        first_contact_due=TODAY - datetime.timedelta(days=10),
    )
    (group,) = work_lists(contact, today=TODAY)[0].groups
    (item,) = group.items
    assert item.urgent
    assert "werkdag" in item.when and "te laat" in item.when


def test_the_working_days_left_skip_the_programmes_closing_days(contact, programme, maastricht):
    monday = datetime.date(2026, 3, 2)
    SignalFactory(
        programme=programme,
        municipality=maastricht,
        assigned_to=contact,
        first_contact_due=monday + datetime.timedelta(days=7),
    )
    (item,) = work_lists(contact, today=monday)[0].groups[0].items
    assert item.when == "nog 5 werkdagen"
    programme.closing_days = ["2026-03-03", "2026-03-04"]
    programme.save()
    (item,) = work_lists(contact, today=monday)[0].groups[0].items
    assert item.when == "nog 3 werkdagen"


def test_the_home_page_starts_with_the_work_list_and_logs_the_families(
    client, programme, coach, bank
):
    family = _busy_family(programme, coach, 1, bank)
    client.force_login(coach)
    page = client.get(reverse("core:home")).content.decode()
    assert page.index("Vandaag") < page.index("Uw gezinnen zoeken")
    assert "Lees de overdrachtsnotitie van Moeder1 Test" in page
    assert AccessLogEntry.objects.filter(
        object_type="worklist", participant=family, user=coach
    ).exists()


def test_a_late_decision_says_so_in_words(people, mother):
    board = people[Role.BOARD]
    goal = GoalFactory(participant=mother)
    EscalationFactory(goal=goal, deadline=TODAY - datetime.timedelta(days=1))
    (item,) = work_lists(board, today=TODAY)[0].groups[0].items
    assert item.urgent
    assert item.when.startswith("te laat: besluit had uiterlijk")
    assert mother.full_name not in item.text  # the board reads a case number, not a name


def test_a_note_written_after_her_last_visit_is_new_again(programme, coach, bank):
    partner = UserFactory(role=Role.PARTNER, role__organisation=bank)
    family = _busy_family(programme, coach, 1, bank)
    AccessLogEntry.objects.create(
        user=partner,
        participant=family,
        object_type="case",
        object_id=str(family.pk),
        action="view",
        outcome="allowed",
    )
    assert "partner:notes" not in _groups(partner)
    later = ContactFactory(participant=family, author=coach, date=TODAY)
    later.shared_with.set([bank])
    assert _groups(partner)["partner:notes"] == ["Moeder1 Test"]  # only the new note
    own = ContactFactory(participant=family, author=partner, date=TODAY)
    own.shared_with.set([bank])
    assert _groups(partner)["partner:notes"] == ["Moeder1 Test"]  # not her own note


def test_nothing_shared_reads_no_access_log(programme, coach, bank):
    """Without notes shared with her organisation the partner's list does not ask the access
    log (its monthly partitions cost PostgreSQL tens of ms to plan, issue 18)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    partner = UserFactory(role=Role.PARTNER, role__organisation=bank)
    _busy_family(programme, coach, 1, bank)
    from droomplan.cases.models import Contact

    Contact.shared_with.through.objects.all().delete()
    partner.active_memberships()
    with CaptureQueriesContext(connection) as queries:
        work_lists(partner, today=TODAY)
    assert not any("audit_accesslogentry" in q["sql"] for q in queries.captured_queries)
    assert len(queries) == 3


def test_the_coach_home_reads_her_families_once(client, programme, coach, bank):
    """The work list, her families section and her open escalations share one read of her
    families (`core.home.shared`); before, the section ran the caseload query and the
    escalations read her families' ids again (issue 18)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _busy_family(programme, coach, 1, bank)
    client.force_login(coach)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "last_contact" in q["sql"]]
    assert len(reads) == 1
    assert not any("current_coach_id" in q["sql"] for q in queries.captured_queries)


def test_same_family_names_keep_the_work_list_order(programme, coach, bank):
    """The work list orders her families by family name, then pk (not by given name, as the
    caseload does): the shared read in the caseload's order is put back in that order."""
    from droomplan.cases.selectors import coach_home_families, in_name_order

    first = ParticipantFactory(
        programme=programme, coach=coach, given_name="Zoë", family_name="Bos"
    )
    second = ParticipantFactory(
        programme=programme, coach=coach, given_name="Ada", family_name="Bos"
    )
    third = ParticipantFactory(programme=programme, coach=coach, given_name="Bea", family_name="Aa")
    read = coach_home_families(coach, today=TODAY)
    assert [p.pk for p in read] == [third.pk, second.pk, first.pk]
    assert [p.pk for p in in_name_order(read)] == [third.pk, first.pk, second.pk]


def test_the_coach_home_reads_expiring_consents_once(client, programme, coach, bank):
    """The "Today" list and the part on consents that end soon show the same consents: one
    read per page (`access.selectors.coach_expiring_consents`, issue 18)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _busy_family(programme, coach, 1, bank)
    client.force_login(coach)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert sum('"access_consent"' in q["sql"] for q in queries.captured_queries) == 1
    assert "Moeder1 Test voor Kredietbank Limburg" in page  # the work list's item
    assert page.count("Kredietbank Limburg") >= 2  # and the consents part
