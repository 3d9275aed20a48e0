"""The one access-checked getter, `access.shortcuts.access_by_id`, for every kind of object:
403 when the kind of page is closed to the user, 404 when the object is not visible (or does
not exist), 403 when visible but the verb is not allowed; every refusal logged as `denied`."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from droomplan.access.policy import Verb
from droomplan.access.shortcuts import access_by_id
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.escalations.models import Escalation
from droomplan.escalations.tests.factories import EscalationFactory
from droomplan.meetings.models import GroupSession
from droomplan.meetings.tests.factories import GroupSessionFactory
from droomplan.plans.tests.factories import GoalFactory


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _denials():
    return AccessLogEntry.objects.filter(outcome=Outcome.DENIED)


@pytest.fixture
def coach(db):
    return CoachFactory()


@pytest.fixture
def session(coach):
    return GroupSessionFactory(created_by=coach)


def test_a_visible_object_is_returned(coach, session):
    assert access_by_id(_request(coach), GroupSession, session.pk) == session
    assert access_by_id(_request(coach), GroupSession, str(session.pk), verb=Verb.EDIT) == session
    assert not _denials().exists()


def test_a_closed_kind_of_page_is_403(session):
    analyst = UserFactory(role=Role.ANALYST)
    with pytest.raises(PermissionDenied):
        access_by_id(_request(analyst), GroupSession, session.pk)
    assert _denials().get().object_type == "meeting"


@pytest.mark.parametrize("pk", ["own", 999_999, "abc", None])
def test_invisible_or_unknown_is_404(session, pk):
    partner = UserFactory(role=Role.PARTNER)  # sees only meetings she facilitates
    with pytest.raises(Http404):
        access_by_id(_request(partner), GroupSession, session.pk if pk == "own" else pk)
    assert _denials().count() == 1


def test_visible_but_not_allowed_is_403(session):
    other_coach = CoachFactory()
    with pytest.raises(PermissionDenied):
        access_by_id(_request(other_coach), GroupSession, session.pk, verb=Verb.EDIT)
    assert _denials().get().detail == "verb=edit"


def test_a_hidden_escalation_links_the_refusal_to_her_file(coach):
    mother = ParticipantFactory(coach=coach)
    escalation = EscalationFactory(goal=GoalFactory(participant=mother), participant=mother)
    with pytest.raises(Http404):
        access_by_id(_request(CoachFactory()), Escalation, escalation.pk)
    assert _denials().get().participant == mother


def test_a_participant_by_label_checks_the_verb_in_her_domain(coach):
    mother = ParticipantFactory(coach=coach)
    assert access_by_id(_request(coach), "cases.Participant", mother.pk, domain="finances")
    with pytest.raises(Http404):
        access_by_id(_request(CoachFactory()), "cases.Participant", mother.pk)
    assert _denials().get().participant == mother
