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
}
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


def expected(who: str, name: str) -> bool:
    consented = PARTNER_CONSENTS.get(who)
    if name == LIST:
        return who in ALLOWED or who == "other_coach" or consented is not None
    if name in WHOLE_CASE:
        return who in ALLOWED
    if consented is not None:
        return bool(consented) and (name in PARTNER_CASE or PARTNER_DOMAINS.get(name) in consented)
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
        allowed = expected(who, name)
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
