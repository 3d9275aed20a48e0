"""The access matrix: every case URL × every role.

URLs are discovered from the URL configuration (everything under /deelnemers/), so a new case
page is covered the moment it is added. Allowed means the page works; denied means 403 or 404
plus an access-log entry with outcome `denied` — never a leak of the mother's name.

An app whose case URLs need more ids (a debt, a measurement...) adds a module
`droomplan/<app>/tests/matrix.py` with `def kwargs(world) -> dict` (creating its objects for
`world["mother"]`) and, if needed, sets `LEAD_ONLY` and `LISTS` of URL names."""

import importlib
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.tests.factories import ChildFactory, ContactFactory, ParticipantFactory
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory

CASE_PREFIX = "deelnemers/"


def _app_matrices() -> list:
    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("droomplan."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.matrix"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.matrix":
                raise
    return modules


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), f"{namespace}{p.name}"


def case_url_names() -> list[tuple[str, str]]:
    return sorted(
        {
            (route, name)
            for route, name in _walk(get_resolver().url_patterns)
            if route.startswith(CASE_PREFIX)
        }
    )


@pytest.fixture
def world(db):
    coach = UserFactory(role=Role.COACH, username="coach-own")
    other_coach = UserFactory(role=Role.COACH, username="coach-other")
    mother = ParticipantFactory(coach=coach, active=True, given_name="Zeldzamenaam")
    ParticipantFactory(coach=other_coach, active=True)
    child = ChildFactory(participant=mother)
    contact = ContactFactory(participant=mother, author=coach)
    dream = DreamFactory(participant=mother)
    goal = GoalFactory(participant=mother, dream=dream)
    action = ActionFactory(goal=goal)
    partner_org = OrganisationFactory(code="kredietbank", kind="credit_bank")
    users = {
        "own_coach": coach,
        "other_coach": other_coach,
        "programme_lead": UserFactory(role=Role.PROGRAMME_LEAD),
        "partner_without_consent": UserFactory(role=Role.PARTNER, role__organisation=partner_org),
        "municipal_contact": UserFactory(role=Role.MUNICIPAL_CONTACT),
        "board": UserFactory(role=Role.BOARD),
        "analyst": UserFactory(role=Role.ANALYST),
        "admin": UserFactory(role=Role.ADMIN),
        "participant_other": UserFactory(role=Role.PARTICIPANT),
    }
    kwargs = {
        "pk": mother.pk,
        "participant_pk": mother.pk,
        "child_pk": child.pk,
        "contact_pk": contact.pk,
        "dream_pk": dream.pk,
        "goal_pk": goal.pk,
        "action_pk": action.pk,
        "assignment_pk": mother.coach_assignments.get().pk,
    }
    world = {"mother": mother, "users": users, "kwargs": kwargs}
    for module in _app_matrices():
        kwargs.update(module.kwargs(world))
    return world


ALLOWED = {"own_coach", "programme_lead"}
# Pages only the programme lead may use, even for the family's own coach.
LEAD_ONLY = {"cases:coach", "cases:admit"}.union(
    *(getattr(m, "LEAD_ONLY", set()) for m in _app_matrices())
)
# Lists: every coach and the programme lead open them, each seeing only her own families.
LISTS = {"cases:caseload"}.union(*(getattr(m, "LISTS", set()) for m in _app_matrices()))
ALL_USERS = [
    "own_coach",
    "other_coach",
    "programme_lead",
    "partner_without_consent",
    "municipal_contact",
    "board",
    "analyst",
    "admin",
    "participant_other",
]


def build_url(route: str, name: str, kwargs: dict) -> str:
    needed = re.findall(r"<(?:\w+:)?(\w+)>", route)
    missing = [k for k in needed if k not in kwargs]
    assert not missing, f"Add {missing} (used by {name}) to the access matrix fixture"
    return reverse(name, kwargs={k: kwargs[k] for k in needed})


def test_the_matrix_covers_the_case_pages():
    names = [name for _route, name in case_url_names()]
    assert "cases:caseload" in names
    assert "cases:detail" in names
    assert len(names) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL_USERS + ["anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_case_url_for_every_role(client, world, who, method):
    mother = world["mother"]
    failures = []
    for route, name in case_url_names():
        url = build_url(route, name, world["kwargs"])
        takes_participant = bool(re.search(r"<(?:\w+:)?(pk|participant_pk)>", route))
        if who != "anonymous":
            client.force_login(world["users"][who])
        before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
        response = getattr(client, method)(url)
        body = response.content.decode(errors="replace")
        if who == "anonymous":
            if response.status_code != 302 or "inloggen" not in response["Location"]:
                failures.append(f"{name}: anonymous got {response.status_code}")
            continue
        if response.status_code >= 500:
            failures.append(f"{name}: {response.status_code} for {who}")
            continue
        if response.status_code == 405:
            continue  # the page does not take this method (e.g. GET of a POST-only action)
        if name in LISTS:
            allowed = who in ALLOWED or who == "other_coach"
        elif name in LEAD_ONLY:
            allowed = who == "programme_lead"
        else:
            allowed = who in ALLOWED
        if mother.given_name in body and not (allowed and (name not in LISTS or who in ALLOWED)):
            failures.append(f"{name}: {who} saw the mother's name")
        if allowed:
            if response.status_code in (403, 404):
                failures.append(f"{name}: {who} was refused ({response.status_code})")
        elif takes_participant or name in LISTS:
            if response.status_code not in (403, 404):
                failures.append(f"{name}: {who} got {response.status_code}, expected 403/404")
            elif AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() <= before:
                failures.append(f"{name}: {who} was refused without an access-log entry")
    assert failures == []


@pytest.mark.django_db
def test_guessed_ids_fail_like_unknown_ones(client, world):
    """IDOR: another family's id and a non-existent id both give 404 with a denial logged."""
    client.force_login(world["users"]["other_coach"])
    mother = world["mother"]
    real = client.get(reverse("cases:detail", args=[mother.pk]))
    missing = client.get(reverse("cases:detail", args=[mother.pk + 10_000]))
    assert real.status_code == missing.status_code == 404
    denied = AccessLogEntry.objects.filter(outcome=Outcome.DENIED, participant=mother)
    assert denied.exists()
