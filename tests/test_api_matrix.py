"""The access matrix of the partners' API (issue 21): every API URL about a family × every
role of the web's matrix world, as a browser session and, for the partner organisations, as
the organisation's application token. The API adds no rule of its own, so the expected answer
is the web's: allowed means it works (200, or 400/428 for an empty write), denied means 403 or
404 plus an access-log entry with outcome `denied`, and never the mother's name or anything
outside a partner's consent. URLs are discovered, so a new endpoint is covered at once."""

import re

import pytest
from django.urls import get_resolver, reverse

from droomplan.accounts.models import Organisation
from droomplan.api.tests.factories import bearer, make_token
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.core.domains import LifeDomain
from tests.test_access_matrix import (  # noqa: F401  (its world)
    ALL_USERS,
    ALLOWED,
    PARTNER_CONSENTS,
    SECRETS,
    _walk,
    shared_world,
    world,
)

API_PREFIX = "api/v1/participants/"
LIST = "api:participants"
# Endpoints a partner with any valid consent may use (the case as a whole).
PARTNER_CASE = {"api:participant", "api:plan", "api:contacts"}
# Endpoints of one life domain (the world's debt; the world's goal and action are in finances).
PARTNER_DOMAINS = {
    "api:debts": LifeDomain.FINANCES,
    "api:debt": LifeDomain.FINANCES,
    "api:debt_route": LifeDomain.FINANCES,
    "api:actions": LifeDomain.FINANCES,
    "api:action": LifeDomain.FINANCES,
    "api:housing": LifeDomain.FAMILY_STABILITY,
    "api:education": LifeDomain.EDUCATION,
    "api:work": LifeDomain.EMPLOYMENT,
    # Measurements: the list needs some domain an instrument touches (the credit bank sees
    # the Bridge's finances pillar; the world's PSS-10 is not shown to it), entering one
    # needs every domain of an instrument (METHOD_DOMAINS), as on the web.
    "api:measurements": LifeDomain.FINANCES,
    # Her meetings: the case page's "Group meetings" part, for whoever sees her well-being.
    "api:her_meetings": LifeDomain.WELL_BEING,
}
# Where a write needs another domain than a read (the world's partners have none of these).
METHOD_DOMAINS = {("api:measurements", "post"): LifeDomain.WELL_BEING}
# The id in `pk` per endpoint, from the world's objects.
PK = {"api:debt": "debt_pk", "api:debt_route": "debt_pk", "api:action": "action_pk"}
# Partner organisations of the world, by the partner user's name (their token's organisation).
ORGANISATIONS = {
    "partner_finances": "kredietbank",
    "partner_children": "mik",
    "partner_expired": "verlopen",
    "partner_withdrawn": "ingetrokken",
    "partner_not_yet": "toekomst",
    "partner_without_consent": "zonder",
}
# Endpoints only her coach and the programme lead use, as on the web (her consents).
WHOLE_CASE = {"api:consents"}
METHODS = {"get", "post", "patch"}


def api_urls() -> list[tuple[str, str]]:
    return sorted(
        {(r, n) for r, n in _walk(get_resolver().url_patterns) if r.startswith(API_PREFIX)}
    )


def build(route, name, kwargs) -> str:
    needed = re.findall(r"<(?:\w+:)?(\w+)>", route)
    values = {k: kwargs[PK[name]] if k == "pk" else kwargs[k] for k in needed}
    return reverse(name, kwargs=values)


def test_the_matrix_covers_the_api():
    names = {name for _route, name in api_urls()}
    assert {LIST, "api:participant", "api:debt", "api:action"} <= names
    known = {LIST} | PARTNER_CASE | set(PARTNER_DOMAINS) | WHOLE_CASE
    assert names <= known, "classify the new endpoint"


def expected(who: str, name: str, method: str = "get") -> bool:
    consented = PARTNER_CONSENTS.get(who)
    if name == LIST:
        return who in ALLOWED or who == "other_coach" or consented is not None
    if name in WHOLE_CASE:
        return who in ALLOWED
    if consented is not None:
        domain = METHOD_DOMAINS.get((name, method), PARTNER_DOMAINS.get(name))
        return bool(consented) and (name in PARTNER_CASE or domain in consented)
    return who in ALLOWED


def check(client, world, who, method, headers) -> list[str]:  # noqa: F811
    mother = world["mother"]
    failures = []
    for route, name in api_urls():
        url = build(route, name, world["kwargs"])
        before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
        response = getattr(client, method)(url, {}, content_type="application/json", **headers)
        body = response.content.decode(errors="replace")
        status = response.status_code
        if status >= 500:
            failures.append(f"{name} {method}: {status} for {who}")
            continue
        if status == 405:
            continue
        allowed = expected(who, name, method)
        consented = PARTNER_CONSENTS.get(who)
        if consented is not None:
            for label, secret in SECRETS.items():
                if secret in body:
                    failures.append(f"{name} {method}: {who} saw the {label}")
        if mother.given_name in body and not allowed:
            failures.append(f"{name} {method}: {who} saw the mother's name")
        if allowed:
            if status in (401, 403, 404):
                failures.append(f"{name} {method}: {who} was refused ({status})")
        elif status not in (403, 404):
            failures.append(f"{name} {method}: {who} got {status}, expected 403/404")
        elif AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() <= before:
            failures.append(f"{name} {method}: {who} was refused without an access-log entry")
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_api_url_for_every_role_with_a_session(client, world, who, method):  # noqa: F811
    client.force_login(world["users"][who])
    assert check(client, world, who, method, {}) == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ORGANISATIONS))
@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_api_url_for_every_partner_token(client, world, who, method):  # noqa: F811
    organisation = Organisation.objects.get(code=ORGANISATIONS[who])
    _token, text = make_token(organisation)
    assert check(client, world, who, method, bearer(text)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("method", sorted(METHODS))
def test_anonymous_callers_get_401(client, world, method):  # noqa: F811
    for route, name in api_urls():
        url = build(route, name, world["kwargs"])
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code in (401, 405), (name, response.status_code)


# --- The API's resources beyond one family: meetings, the outcome report, the exchange ------

PROGRAMME_PREFIXES = ("api/v1/meetings/", "api/v1/outcomes/", "api/v1/exchange/", "api/v1/jobs/")
COACHES = {"own_coach", "other_coach"}
PARTNERS = set(ORGANISATIONS)
# URL name → who may use it, as on the web (access.policy.meetings and .reports): the
# calendar for coaches, the lead and partners; a meeting for those who see it (the world's
# meeting has no childcare organisation, so no partner); the programme lead's tools for her.
PROGRAMME_ALLOWED: dict[str, set[str]] = {
    "api:meetings": {"programme_lead", *COACHES, *PARTNERS},
    "api:meeting": {"programme_lead", *COACHES},
    "api:outcomes": {"programme_lead"},
    "api:exchange_export": {"programme_lead"},
    "api:exchange_import": {"programme_lead"},
    # A job only for who started it (the lead's export here); for anyone else it does not
    # exist, and, as on the web's job page, that is not an access-log entry.
    "api:job": {"programme_lead"},
}
UNLOGGED = {"api:job"}


def programme_urls() -> list[tuple[str, str]]:
    return sorted(
        {(r, n) for r, n in _walk(get_resolver().url_patterns) if r.startswith(PROGRAMME_PREFIXES)}
    )


@pytest.fixture
def programme_world(world):  # noqa: F811
    from droomplan.exchange.services import queue_export
    from droomplan.meetings.models import Attendance
    from droomplan.meetings.tests.factories import GroupSessionFactory
    from droomplan.programmes.tests.factories import CohortFactory

    mother = world["mother"]
    cohort = CohortFactory(programme=mother.programme)
    session = GroupSessionFactory(
        programme=mother.programme, cohorts=[cohort], created_by=world["coach"]
    )
    Attendance.objects.create(session=session, participant=mother)
    job = queue_export(programme=mother.programme, actor=world["users"]["programme_lead"])
    return {**world, "ids": {"api:meeting": session.pk, "api:job": job.pk}}


def test_the_programme_matrix_covers_every_programme_url():
    assert {name for _route, name in programme_urls()} == set(PROGRAMME_ALLOWED)


def check_programme(client, world, who, method, headers) -> list[str]:  # noqa: F811
    failures = []
    mother = world["mother"]
    for route, name in programme_urls():
        needed = re.findall(r"<(?:\w+:)?(\w+)>", route)
        url = reverse(name, kwargs=dict.fromkeys(needed, world["ids"].get(name)))
        before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
        response = getattr(client, method)(url, {}, content_type="application/json", **headers)
        status = response.status_code
        body = response.content.decode(errors="replace")
        if status >= 500:
            failures.append(f"{name} {method}: {status} for {who}")
            continue
        if status == 405:
            continue
        allowed = who in PROGRAMME_ALLOWED[name]
        if mother.family_name in body and who not in ALLOWED:
            failures.append(f"{name} {method}: {who} saw the mother's family name")
        if allowed:
            if status in (401, 403, 404):
                failures.append(f"{name} {method}: {who} was refused ({status})")
        elif status not in (403, 404):
            failures.append(f"{name} {method}: {who} got {status}, expected 403/404")
        elif name not in UNLOGGED and (
            AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() <= before
        ):
            failures.append(f"{name} {method}: {who} was refused without an access-log entry")
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_programme_url_for_every_role_with_a_session(client, programme_world, who, method):
    client.force_login(programme_world["users"][who])
    assert check_programme(client, programme_world, who, method, {}) == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(ORGANISATIONS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_programme_url_for_every_partner_token(client, programme_world, who, method):
    """A token is a partner professional: the calendar, never a meeting of another
    organisation, the outcome report or the exchange (403/404, as for a partner on the web)."""
    organisation = Organisation.objects.get(code=ORGANISATIONS[who])
    _token, text = make_token(organisation)
    assert check_programme(client, programme_world, who, method, bearer(text)) == []


@pytest.mark.django_db
def test_anonymous_callers_get_401_beyond_the_case(client, programme_world):
    for route, name in programme_urls():
        needed = re.findall(r"<(?:\w+:)?(\w+)>", route)
        url = reverse(name, kwargs=dict.fromkeys(needed, programme_world["ids"].get(name)))
        for method in ("get", "post"):
            response = getattr(client, method)(url, {}, content_type="application/json")
            assert response.status_code in (401, 405), (name, method, response.status_code)
