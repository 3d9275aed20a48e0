"""Her own access log, readable: per day and per person, what in plain words, her own looking
left out, a page of days in three queries however long the log is."""

import datetime

import pytest
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.labels import PLAIN_PHRASES, plain_phrase
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.audit.selectors import her_access_log
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _at(days_ago: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _entry(user, participant, object_type, *, days_ago=0, action=Action.VIEW, **extra):
    fields = {
        "user": user,
        "username": user.username if user else "",
        "user_display": str(user) if user else "",
        "organisation": extra.pop("organisation", "Trajekt" if user else ""),
        "role": extra.pop("role", "coach" if user else ""),
        "participant": participant,
        "object_type": object_type,
        "action": action,
        "outcome": extra.pop("outcome", Outcome.ALLOWED),
        "at": _at(days_ago, extra.pop("hour", 10)),
    }
    return AccessLogEntry.objects.create(**fields)


@pytest.fixture
def mother():
    return ParticipantFactory(user=UserFactory(first_name="Lisa", last_name="Jacobs"))


@pytest.fixture
def sanne():
    return UserFactory(first_name="Sanne", last_name="de Vries", role=Role.COACH)


def test_grouped_per_day_and_person_in_plain_words(mother, sanne):
    partner = UserFactory(first_name="Piet", last_name="Bakker")
    _entry(sanne, mother, "case", hour=9)
    _entry(sanne, mother, "goal", hour=10)
    _entry(sanne, mother, "debt", hour=11, action=Action.UPDATE)
    _entry(sanne, mother, "action", hour=12)
    _entry(partner, mother, "debt", organisation="Kredietbank", role="partner")
    _entry(
        partner, mother, "case", organisation="Kredietbank", role="partner", outcome=Outcome.DENIED
    )
    _entry(sanne, mother, "plan", days_ago=3)
    page = her_access_log(mother)
    assert [d.day for d in page.object_list] == [
        timezone.localdate(),
        timezone.localdate() - datetime.timedelta(days=3),
    ]
    today = {p.name: p for p in page.object_list[0].people}
    assert set(today) == {str(sanne), str(partner)}
    coach = today[str(sanne)]
    assert (coach.organisation, coach.role, coach.times) == ("Trajekt", "Coach", 4)
    assert coach.looked_at == [str(plain_phrase("case")), str(plain_phrase("goal"))]
    assert coach.changed == [str(plain_phrase("debt"))]
    kredietbank = today[str(partner)]
    assert (kredietbank.times, kredietbank.refused) == (2, 1)
    assert kredietbank.looked_at == [str(plain_phrase("debt"))]


def test_her_own_looking_is_left_out(mother, sanne):
    _entry(mother.user, mother, "plan", role="participant")
    _entry(mother.user, mother, "access_log", role="participant", days_ago=1)
    _entry(sanne, mother, "plan", days_ago=2)
    page = her_access_log(mother)
    assert [len(d.people) for d in page.object_list] == [1]
    assert page.object_list[0].people[0].name == str(sanne)


def test_another_mothers_log_is_not_hers(mother, sanne):
    _entry(sanne, ParticipantFactory(), "plan")
    assert list(her_access_log(mother).object_list) == []


def test_automatic_entries_are_named(mother):
    _entry(None, mother, "notification", action=Action.CREATE)
    person = her_access_log(mother).object_list[0].people[0]
    assert person.name == "Droomplan (automatisch)"
    assert person.changed == [str(plain_phrase("notification"))]


def test_no_code_reaches_her():
    for code in list(PLAIN_PHRASES) + ["something_new"]:
        phrase = plain_phrase(code)
        assert "_" not in phrase and phrase != code


def test_paginated_by_day_in_three_queries(mother, sanne, django_assert_num_queries):
    for start, days in ((0, 3), (3, 20)):
        for n in range(start, days):
            _entry(sanne, mother, "plan", days_ago=n)
            _entry(UserFactory(), mother, "debt", days_ago=n, hour=14)
        with django_assert_num_queries(3):
            page = her_access_log(mother, page=1, days_per_page=7)
        assert len(page.object_list) == min(days, 7)
        assert all(len(d.people) == 2 for d in page.object_list)
    with django_assert_num_queries(3):
        last = her_access_log(mother, page=3, days_per_page=7)
    assert len(last.object_list) == 6
    assert last.object_list[-1].day == timezone.localdate() - datetime.timedelta(days=19)
