"""Exact query counts per list endpoint, the same for 1 and for many records (issue 21), and
the rate limit per token."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import ApplicationToken, OrganisationKind, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory
from droomplan.lifedomains.tests.factories import (
    DebtFactory,
    EducationFactory,
    HousingStatusFactory,
    WorkPlacementFactory,
)
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

from .factories import bearer, make_token


def families(org, coach, n):
    mothers = []
    for _ in range(n):
        mother = ParticipantFactory(coach=coach, active=True)
        ConsentFactory(
            participant=mother,
            organisation=org,
            scopes=["finances", "family_stability", "education", "employment"],
        )
        HousingStatusFactory(participant=mother)
        EducationFactory(participant=mother)
        WorkPlacementFactory(participant=mother)
        goal = GoalFactory(participant=mother, domain="finances")
        ActionFactory(goal=goal)
        ActionFactory(goal=goal)
        DebtFactory(participant=mother)
        DebtFactory(participant=mother)
        note = ContactFactory(participant=mother, author=coach)
        note.shared_with.set([org])
        mothers.append(mother)
    return mothers


@pytest.fixture
def bank(db):
    org = OrganisationFactory(code="kb", kind=OrganisationKind.CREDIT_BANK)
    coach = UserFactory(role=Role.COACH)
    token, text = make_token(org)
    # Used a moment ago: no last-used update in the counted request.
    ApplicationToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return org, coach, bearer(text)


# (URL name, queries) for a token: 2 to authenticate (token with its account, memberships).
LISTS = [
    # + page of families, their consents, who was listed today (before and under the chain
    # lock), log INSERT
    ("api:participants", 8),
    ("api:debts", 7),  # + her file, her consents, chain lock, log INSERT, her debts
    ("api:plan", 8),  # + her file, consents (x2), chain lock, log, goals, their actions
    ("api:contacts", 8),  # + her file, consents (x2), log, notes, their organisations
    ("api:housing", 7),  # as debts
    ("api:education", 7),
    ("api:work", 7),
]


@pytest.mark.parametrize(("name", "queries"), LISTS)
@pytest.mark.parametrize("size", [1, 4])
def test_list_queries_do_not_grow(client, bank, django_assert_num_queries, name, queries, size):
    org, coach, headers = bank
    mother = families(org, coach, size)[0]
    url = reverse(name) if name == "api:participants" else reverse(name, args=[mother.pk])
    with django_assert_num_queries(queries):
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content


def test_each_token_has_its_own_rate_limit(client, bank, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "3/minute"}
    )
    cache.clear()
    org, _coach, headers = bank
    url = reverse("api:participants")
    answers = [client.get(url, **headers).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    too_many = client.get(url, **headers)
    assert too_many["Content-Type"] == "application/problem+json"
    assert "Retry-After" in too_many
    _token, other = make_token(org, name="Tweede systeem")
    assert client.get(url, **bearer(other)).status_code == 200
    cache.clear()


def test_updated_since_synchronises(client, bank):
    org, coach, headers = bank
    mother = families(org, coach, 1)[0]
    url = reverse("api:debts", args=[mother.pk])
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert client.get(url, {"updated_since": later}, **headers).json() == []
    assert len(client.get(url, {"updated_since": "2020-01-01"}, **headers).json()) == 2
    assert client.get(url, {"updated_since": "gisteren"}, **headers).status_code == 400


@pytest.mark.parametrize("size", [1, 4])
def test_the_consent_list_queries_do_not_grow(client, bank, django_assert_num_queries, size):
    org, coach, _headers = bank
    mother = families(org, coach, 1)[0]
    for _ in range(size - 1):
        ConsentFactory(participant=mother, organisation=OrganisationFactory())
    client.force_login(coach)
    client.get(reverse("api:participants"))  # the session's first request settles it
    # session, user, two-step device, memberships, her file, is she her coach, consents,
    # the access-log chain lock and entry (the session is not saved again within a minute)
    with django_assert_num_queries(9):
        response = client.get(reverse("api:consents", args=[mother.pk]))
    assert len(response.json()) == size


@pytest.mark.parametrize("size", [1, 4])
def test_the_measurement_list_queries_do_not_grow(client, bank, django_assert_num_queries, size):
    from droomplan.instruments.tests.factories import MeasurementFactory

    org, coach, headers = bank
    mother = families(org, coach, 1)[0]
    start = mother.start_date or mother.intake_date
    for day in range(size):
        MeasurementFactory(
            participant=mother, instrument="brug", taken_on=start + datetime.timedelta(days=day)
        )
    # token (2), her file, her consents, chain lock and log (view), instruments and their
    # items, the page of measurements with their versions, chain lock and log (list)
    with django_assert_num_queries(11):
        response = client.get(reverse("api:measurements", args=[mother.pk]), **headers)
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("size", [1, 4])
def test_the_meeting_list_queries_do_not_grow(client, bank, django_assert_num_queries, size):
    from droomplan.meetings.tests.factories import GroupSessionFactory

    org, coach, headers = bank
    for _ in range(size):
        GroupSessionFactory(created_by=coach, childcare_organisation=org)
    # token (2), the page of meetings with counts, their groups, their facilitators
    with django_assert_num_queries(5):
        response = client.get(reverse("api:meetings"), **headers)
    assert len(response.json()["results"]) == size
