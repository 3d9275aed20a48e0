import datetime

import pytest

from droomplan.access.policy import (
    ALL_DOMAINS,
    Verb,
    can,
    contact_filter,
    visible_domains,
    visible_participants,
)
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Membership, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_a_partner_sees_only_participants_with_valid_consent(partner, credit_bank, mother):
    assert not visible_participants(partner).exists()
    consent = ConsentFactory(participant=mother, organisation=credit_bank)
    ConsentFactory(participant=ParticipantFactory(), organisation=OrganisationFactory())
    assert list(visible_participants(partner)) == [mother]
    consent.withdrawn_on = TODAY
    consent.save()
    assert not visible_participants(partner).exists()


def test_domains_are_the_union_of_valid_scopes(partner, credit_bank, mother, coach):
    ConsentFactory(participant=mother, organisation=credit_bank, scopes=["finances"])
    ConsentFactory(participant=mother, organisation=credit_bank, scopes=["children"])
    ConsentFactory(participant=mother, organisation=credit_bank, scopes=["education"], expired=True)
    assert visible_domains(partner, mother) == {"finances", "children"}
    assert visible_domains(coach, mother) == ALL_DOMAINS


def test_what_a_partner_may_do(partner, credit_bank, mother):
    ConsentFactory(participant=mother, organisation=credit_bank, scopes=["finances"])
    assert can(partner, Verb.LIST)
    assert not can(partner, Verb.CREATE)
    assert can(partner, Verb.VIEW, mother)
    assert can(partner, Verb.ADD_CONTACT, mother)
    assert can(partner, Verb.VIEW, mother, domain="finances")
    assert can(partner, Verb.EDIT, mother, domain="finances")
    assert not can(partner, Verb.EDIT, mother, domain="well_being")
    assert not can(partner, Verb.VIEW, mother, domain="well_being")
    for verb in (
        Verb.EDIT,
        Verb.VIEW_ALL,
        Verb.CHANGE_STATUS,
        Verb.MANAGE_CONSENT,
        Verb.ASSIGN_COACH,
        Verb.OVERRIDE_ELIGIBILITY,
    ):
        assert not can(partner, verb, mother), verb
    assert not can(partner, Verb.CHANGE_STATUS, mother, domain="finances")


def test_the_consent_is_for_her_organisation_only(partner, mother):
    ConsentFactory(participant=mother, organisation=OrganisationFactory(code="mik"))
    assert not can(partner, Verb.VIEW, mother)
    assert visible_domains(partner, mother) == frozenset()


def test_an_inactive_partner_sees_nothing(partner, credit_bank, mother):
    ConsentFactory(participant=mother, organisation=credit_bank)
    partner.is_active = False
    assert not can(partner, Verb.VIEW, mother)
    assert not visible_participants(partner).exists()


def test_a_coach_who_is_also_a_partner_keeps_both(coach, mother, credit_bank):
    other = ParticipantFactory(active=True)
    ConsentFactory(participant=other, organisation=credit_bank, scopes=["finances"])
    Membership.objects.create(user=coach, organisation=credit_bank, role=Role.PARTNER)
    coach = type(coach).objects.get(pk=coach.pk)
    assert set(visible_participants(coach)) == {mother, other}
    assert can(coach, Verb.EDIT, mother)
    assert not can(coach, Verb.EDIT, other)
    assert can(coach, Verb.EDIT, other, domain="finances")
    assert visible_domains(coach, other) == {"finances"}


def test_the_lead_and_coach_keep_their_rights(coach, mother):
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    for user in (lead, coach):
        for verb in (Verb.VIEW, Verb.VIEW_ALL, Verb.EDIT, Verb.MANAGE_CONSENT, Verb.ADD_CONTACT):
            assert can(user, verb, mother), (user, verb)
        assert contact_filter(user, mother) is None
    assert not can(coach, Verb.ASSIGN_COACH, mother)


def test_partners_read_only_notes_shared_with_them(partner, credit_bank, mother, coach):
    ConsentFactory(participant=mother, organisation=credit_bank)
    shared = ContactFactory(participant=mother, author=coach)
    shared.shared_with.set([credit_bank, OrganisationFactory()])
    ContactFactory(participant=mother, author=coach)
    other_org = ContactFactory(participant=mother, author=coach)
    other_org.shared_with.set([OrganisationFactory()])
    notes = mother.contacts.filter(contact_filter(partner, mother)).distinct()
    assert list(notes) == [shared]


def test_domain_lookups_are_remembered_per_request(
    partner, credit_bank, mother, django_assert_num_queries
):
    ConsentFactory(participant=mother, organisation=credit_bank)
    partner.active_memberships()
    with django_assert_num_queries(1):
        for _ in range(5):
            can(partner, Verb.EDIT, mother, domain="finances")
            visible_domains(partner, mother)


def test_a_scoped_plan_holds_only_goals_of_the_shared_domains(partner, credit_bank, mother):
    from droomplan.plans.selectors import plan_for
    from droomplan.plans.tests.factories import GoalFactory

    ConsentFactory(participant=mother, organisation=credit_bank, scopes=["finances"])
    money = GoalFactory(participant=mother, domain="finances")
    GoalFactory(participant=mother, domain="well_being")
    plan = plan_for(mother, partner, domains=visible_domains(partner, mother))
    assert plan["scoped"] and plan["goals"] == [money]
    assert plan["dreams"] == plan["children"] == plan["other_goals"] == []
    assert plan["goal_count"] == 1 and not plan["can_edit"]
    assert plan["goals"][0].may_edit_actions


def test_an_anonymised_file_can_be_read_but_not_changed(coach, mother):
    from django.utils import timezone

    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    mother.anonymised_at = timezone.now()
    for user in (lead, coach):
        assert can(user, Verb.VIEW, mother)
        assert can(user, Verb.VIEW_ALL, mother)
        for verb in (Verb.EDIT, Verb.ADD_CONTACT, Verb.CHANGE_STATUS, Verb.MANAGE_CONSENT):
            assert not can(user, verb, mother), (user, verb)
        assert not can(user, Verb.EDIT, mother, domain="finances")


def _fresh(participant):
    """The participant as a page loads her (no coach annotated on the object)."""
    return type(participant).objects.get(pk=participant.pk)


def test_the_coach_check_is_asked_once_per_user_and_participant(
    coach, mother, django_assert_num_queries
):
    coach.active_memberships()
    mother = _fresh(mother)
    with django_assert_num_queries(1):
        for verb in (Verb.VIEW, Verb.VIEW_ALL, Verb.EDIT, Verb.ADD_CONTACT, Verb.CHANGE_STATUS):
            assert can(coach, verb, mother)
        assert visible_domains(coach, mother)
    with django_assert_num_queries(0):
        assert can(coach, Verb.EDIT, _fresh_without_query(mother))


def _fresh_without_query(participant):
    """Another object for the same participant (as a goal's `participant` is)."""
    other = type(participant)(pk=participant.pk, anonymised_at=None)
    return other


def test_a_change_of_coach_is_seen_by_the_next_check(coach, mother, django_assert_num_queries):
    from droomplan.cases.services import assign_coach
    from droomplan.cases.tests.factories import CoachFactory

    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    coach.active_memberships()
    assert can(coach, Verb.EDIT, _fresh(mother))
    assign_coach(
        actor=lead,
        participant=_fresh(mother),
        coach=CoachFactory(),
        on_date=datetime.date.today(),
        handover_note="Sanne gaat met verlof.",
    )
    assert not can(coach, Verb.EDIT, _fresh(mother))


def test_a_bulk_change_of_coach_is_seen_after_forget_coaches(coach, mother):
    from droomplan.access.policy.participants import forget_coaches

    coach.active_memberships()
    assert can(coach, Verb.EDIT, _fresh(mother))
    mother.coach_assignments.update(ended_on=datetime.date.today())  # no signals
    assert can(coach, Verb.EDIT, _fresh(mother))  # remembered for the request...
    forget_coaches()
    assert not can(coach, Verb.EDIT, _fresh(mother))  # ...until a writer says it changed
