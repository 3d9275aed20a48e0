"""The access matrix: every case URL × every role.

URLs are discovered from the URL configuration (everything under /deelnemers/), so a new case
page is covered the moment it is added. Allowed means the page works; denied means 403 or 404
plus an access-log entry with outcome `denied` — never a leak of the mother's name.

An app whose case URLs need more ids (a debt, a measurement...) adds a module
`droomplan/<app>/tests/matrix.py` with `def kwargs(world) -> dict` (creating its objects for
`world["mother"]`) and, if needed, sets `LEAD_ONLY` and `LISTS` of URL names, and
`PARTNER_DOMAINS: dict[str, str]` (URL name → life domain): a partner with valid consent for
that domain may use that URL. Every other case URL is refused to partners, except the ones in
`PARTNER_CASE_URLS` and `PARTNER_PLAN_URLS` below.

Partners: the mother shares `finances` with the credit bank (valid consent) and `children` with
childcare; other partner organisations have no consent, an expired one or a withdrawn one. The
world's objects are domain-specific (the plan's goal is in `finances`, another goal in
`well_being`; one contact note is shared with the credit bank, one is not), and no partner ever
sees what is outside her consent (`SECRETS`)."""

import copy
import datetime
import re
import sys

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from droomplan.access.models import ConsentMethod
from droomplan.access.services import withdraw_consent
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.tests.factories import ChildFactory, ContactFactory, ParticipantFactory
from droomplan.core.domains import LifeDomain
from droomplan.jobs.models import Job
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory
from droomplan.portal.tests.factories import mother_with_login

CASE_PREFIX = "deelnemers/"


def _app_matrices() -> list:
    """Every app's `tests/matrix.py`, in the order of INSTALLED_APPS."""
    autodiscover_modules("tests.matrix")
    return [
        sys.modules[name]
        for config in apps.get_app_configs()
        if (name := f"{config.name}.tests.matrix") in sys.modules
    ]


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


# What no partner may ever see of the world's mother (outside every consent in the world).
SECRETS = {
    "phone": "0611122233",
    "address": "Geheimstraat 12",
    "e-mail": "zeldzaam@example.org",
    "child": "Kindnaamgeheim",
    "dream": "eigen huis en een diploma",
    "other goal": "Geheim welzijnsdoel",
    "other action": "Geheime welzijnsactie",
    "unshared note": "Niet-gedeelde notitie",
    "handover": "Overdrachtsnotitie",
}
SHARED_NOTE = "Gedeeld met de kredietbank"


@pytest.fixture(scope="module")
def shared_world(module_db):
    """The world is built once for this module; every test starts from it (module_db)."""
    with module_db.unblock():
        return build_world()


@pytest.fixture
def world(db, shared_world):
    return copy.deepcopy(shared_world)  # a test may change the objects in memory


def build_world():
    today = datetime.date.today()
    coach = UserFactory(role=Role.COACH, username="coach-own")
    other_coach = UserFactory(role=Role.COACH, username="coach-other")
    mother = ParticipantFactory(
        coach=coach,
        active=True,
        given_name="Zeldzamenaam",
        phone=SECRETS["phone"],
        address=SECRETS["address"],
        email=SECRETS["e-mail"],
    )
    other_mother = ParticipantFactory(coach=other_coach, active=True, given_name="Andermoeder")
    anonymised = ParticipantFactory(active=True, anonymised_at=timezone.now())
    child = ChildFactory(participant=mother, given_name=SECRETS["child"])
    contact = ContactFactory(participant=mother, author=coach, note=SECRETS["unshared note"])
    dream = DreamFactory(participant=mother)
    goal = GoalFactory(participant=mother, dream=dream, domain=LifeDomain.FINANCES)
    action = ActionFactory(goal=goal)
    other_goal = GoalFactory(
        participant=mother, dream=dream, domain=LifeDomain.WELL_BEING, title=SECRETS["other goal"]
    )
    ActionFactory(goal=other_goal, description=SECRETS["other action"])
    partner_org = OrganisationFactory(code="kredietbank", kind="credit_bank")
    shared = ContactFactory(participant=mother, author=coach, note=SHARED_NOTE)
    shared.shared_with.set([partner_org])
    consent = ConsentFactory(
        participant=mother,
        organisation=partner_org,
        scopes=[LifeDomain.FINANCES],
        method=ConsentMethod.SIGNED_FORM,
        form_file=SimpleUploadedFile("form.pdf", b"%PDF-1.4 signed"),
        form_content_type="application/pdf",
    )
    childcare = OrganisationFactory(code="mik", kind="childcare")
    ConsentFactory(participant=mother, organisation=childcare, scopes=[LifeDomain.CHILDREN])
    expired_org = OrganisationFactory(code="verlopen")
    ConsentFactory(participant=mother, organisation=expired_org, expired=True)
    withdrawn_org = OrganisationFactory(code="ingetrokken")
    ConsentFactory(
        participant=mother,
        organisation=withdrawn_org,
        withdrawn_on=today - datetime.timedelta(days=3),
    )
    future_org = OrganisationFactory(code="toekomst")
    ConsentFactory(
        participant=mother,
        organisation=future_org,
        given_on=today + datetime.timedelta(days=2),
    )
    assignment = mother.coach_assignments.get()
    assignment.handover_note = SECRETS["handover"]
    assignment.save()
    users = {
        "own_coach": coach,
        "other_coach": other_coach,
        "programme_lead": UserFactory(role=Role.PROGRAMME_LEAD),
        "partner_finances": UserFactory(role=Role.PARTNER, role__organisation=partner_org),
        "partner_children": UserFactory(role=Role.PARTNER, role__organisation=childcare),
        "partner_expired": UserFactory(role=Role.PARTNER, role__organisation=expired_org),
        "partner_withdrawn": UserFactory(role=Role.PARTNER, role__organisation=withdrawn_org),
        "partner_not_yet": UserFactory(role=Role.PARTNER, role__organisation=future_org),
        "partner_without_consent": UserFactory(
            role=Role.PARTNER, role__organisation=OrganisationFactory(code="zonder")
        ),
        "municipal_contact": UserFactory(role=Role.MUNICIPAL_CONTACT),
        "board": UserFactory(role=Role.BOARD),
        "analyst": UserFactory(role=Role.ANALYST),
        "admin": UserFactory(role=Role.ADMIN),
        # Mothers' own logins (the portal): hers, another mother's, one of an anonymised case.
        "participant_own": mother_with_login(participant=mother, username="moeder-eigen").user,
        "participant_other": mother_with_login(
            participant=other_mother, username="moeder-ander"
        ).user,
        "participant_anonymised": mother_with_login(
            participant=anonymised, username="moeder-anoniem"
        ).user,
    }
    kwargs = {
        "pk": mother.pk,
        "participant_pk": mother.pk,
        "child_pk": child.pk,
        "contact_pk": contact.pk,
        "dream_pk": dream.pk,
        "goal_pk": goal.pk,
        "action_pk": action.pk,
        "assignment_pk": assignment.pk,
        "consent_pk": consent.pk,
        # Her inzage download being made (the portal's page for her own job).
        "job_pk": Job.objects.create(name="access.inzage", owner=users["participant_own"]).pk,
    }
    world = {
        "mother": mother,
        "users": users,
        "kwargs": kwargs,
        "goal": goal,
        "other_goal": other_goal,
        "consent": consent,
        "coach": coach,
        "other_mother": other_mother,
    }
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
# Case pages a partner with any valid consent may use: the scoped case page, a contact note.
PARTNER_CASE_URLS = {"cases:detail", "cases:contact_add"}
# Plan pages a partner may use for a goal in a domain she has consent for (the world's goal
# and action are in `finances`).
PARTNER_PLAN_URLS = {
    "plans:action_create": LifeDomain.FINANCES,
    "plans:action_edit": LifeDomain.FINANCES,
    "plans:action_done": LifeDomain.FINANCES,
}
PARTNER_DOMAINS: dict[str, str] = dict(PARTNER_PLAN_URLS)
for _module in _app_matrices():
    PARTNER_DOMAINS.update(getattr(_module, "PARTNER_DOMAINS", {}))
# The domains each partner of the world may see in the mother's case.
PARTNER_CONSENTS = {
    "partner_finances": {LifeDomain.FINANCES},
    "partner_children": {LifeDomain.CHILDREN},
    "partner_expired": set(),
    "partner_withdrawn": set(),
    "partner_not_yet": set(),
    "partner_without_consent": set(),
}
# Mothers' own logins: none of them opens a staff page of a case, not even of her own case
# (her own data reaches her through the portal, /mijn/, see test_portal_urls_for_every_role).
PARTICIPANTS = ["participant_own", "participant_other", "participant_anonymised"]
ALL_USERS = [
    "own_coach",
    "other_coach",
    "programme_lead",
    *PARTNER_CONSENTS,
    "municipal_contact",
    "board",
    "analyst",
    "admin",
    *PARTICIPANTS,
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
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        if who == "anonymous":
            if response.status_code != 302 or "inloggen" not in response["Location"]:
                failures.append(f"{name}: anonymous got {response.status_code}")
            continue
        if response.status_code >= 500:
            failures.append(f"{name}: {response.status_code} for {who}")
            continue
        if response.status_code == 405:
            continue  # the page does not take this method (e.g. GET of a POST-only action)
        consented = PARTNER_CONSENTS.get(who)
        sees_her = who in ALLOWED or bool(consented)
        if consented is not None:
            for label, secret in SECRETS.items():
                if secret in body:
                    failures.append(f"{name}: {who} saw the {label}")
        if name in LISTS:
            allowed = who in ALLOWED or who == "other_coach" or consented is not None
        elif name in LEAD_ONLY:
            allowed = who == "programme_lead"
        elif consented is not None:
            allowed = bool(consented) and (
                name in PARTNER_CASE_URLS or PARTNER_DOMAINS.get(name) in consented
            )
        else:
            allowed = who in ALLOWED
        # (her own login shows her own name in the header of the refusal page)
        own = who == "participant_own"
        if (
            mother.given_name in body
            and not own
            and not (allowed and (name not in LISTS or sees_her))
        ):
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


# --- Partners and consent --------------------------------------------------------------------


def _denied_count(mother) -> int:
    return AccessLogEntry.objects.filter(outcome=Outcome.DENIED, participant=mother).count()


@pytest.mark.django_db
def test_the_credit_bank_sees_exactly_the_finances_of_the_mother(client, world):
    client.force_login(world["users"]["partner_finances"])
    mother = world["mother"]
    body = client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert mother.full_name in body and mother.ref in body
    assert str(world["coach"]) in body
    assert world["goal"].title in body  # the finances goal and its action
    assert "Alle brieven van schuldeisers verzamelen" in body
    assert SHARED_NOTE in body
    for label, secret in SECRETS.items():
        assert secret not in body, label
    assert reverse("plans:action_create", args=[mother.pk, world["goal"].pk]) in body
    for hidden in ("cases:edit", "cases:start", "cases:end", "cases:child_add"):
        assert reverse(hidden, args=[mother.pk]) not in body
    assert reverse("plans:print", args=[mother.pk]) not in body


@pytest.mark.django_db
def test_childcare_sees_no_finances(client, world):
    client.force_login(world["users"]["partner_children"])
    mother = world["mother"]
    body = client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert mother.full_name in body
    assert world["goal"].title not in body
    assert SHARED_NOTE not in body  # shared with the credit bank, not with childcare
    url = reverse("plans:action_create", args=[mother.pk, world["goal"].pk])
    before = _denied_count(mother)
    assert client.get(url).status_code == 403
    assert _denied_count(mother) == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["partner_expired", "partner_withdrawn", "partner_not_yet", "partner_without_consent"]
)
def test_partners_without_valid_consent_see_nothing(client, world, who):
    client.force_login(world["users"][who])
    mother = world["mother"]
    before = _denied_count(mother)
    assert client.get(reverse("cases:detail", args=[mother.pk])).status_code == 404
    assert _denied_count(mother) == before + 1
    caseload = client.get(reverse("cases:caseload")).content.decode()
    assert mother.given_name not in caseload
    search = client.get(reverse("cases:caseload"), {"q": mother.ref}).content.decode()
    assert mother.given_name not in search


@pytest.mark.django_db
def test_withdrawal_ends_access_at_once(client, world):
    partner = world["users"]["partner_finances"]
    mother = world["mother"]
    url = reverse("cases:detail", args=[mother.pk])
    client.force_login(partner)
    assert client.get(url).status_code == 200
    assert mother.given_name in client.get(reverse("cases:caseload")).content.decode()
    withdraw_consent(actor=world["coach"], consent=world["consent"])
    before = _denied_count(mother)
    assert client.get(url).status_code == 404
    assert _denied_count(mother) == before + 1
    assert mother.given_name not in client.get(reverse("cases:caseload")).content.decode()
    response = client.post(
        reverse("plans:action_create", args=[mother.pk, world["goal"].pk]),
        {"description": "Na intrekking", "owner": "partner"},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_withdrawal_through_the_page_ends_access_at_once(client, world):
    mother = world["mother"]
    partner_client = client.__class__()
    partner_client.force_login(world["users"]["partner_finances"])
    url = reverse("cases:detail", args=[mother.pk])
    assert partner_client.get(url).status_code == 200
    client.force_login(world["coach"])
    response = client.post(
        reverse("access:consent_withdraw", args=[mother.pk, world["consent"].pk]),
        {"confirm": "on", "reason": "Wil het zelf regelen"},
    )
    assert response.status_code == 302
    assert partner_client.get(url).status_code == 404


@pytest.mark.django_db
def test_expired_consent_gives_no_access(client, world):
    consent = world["consent"]
    consent.expires_on = datetime.date.today() - datetime.timedelta(days=1)
    consent.save()
    client.force_login(world["users"]["partner_finances"])
    assert client.get(reverse("cases:detail", args=[world["mother"].pk])).status_code == 404


@pytest.mark.django_db
def test_a_partner_guessing_ids_fails_like_unknown_ones(client, world):
    """IDOR for partners: another family, a goal of another family, a goal outside her
    domain: refused the same way as ids that do not exist, with a denial logged."""
    client.force_login(world["users"]["partner_finances"])
    mother = world["mother"]
    other = ParticipantFactory(active=True)
    ConsentFactory(participant=other, organisation=OrganisationFactory(code="andere"))
    other_goal = GoalFactory(participant=other, domain=LifeDomain.FINANCES)
    real = client.get(reverse("cases:detail", args=[other.pk]))
    missing = client.get(reverse("cases:detail", args=[other.pk + 10_000]))
    assert real.status_code == missing.status_code == 404
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED, participant=other).exists()
    before = _denied_count(mother)
    for goal_pk in (other_goal.pk, world["other_goal"].pk, 999_999):
        url = reverse("plans:action_create", args=[mother.pk, goal_pk])
        assert client.get(url).status_code == 403
    assert _denied_count(mother) == before + 3
    url = reverse("access:consent_form", args=[mother.pk, world["consent"].pk])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_partner_adds_an_action_and_a_note_in_her_scope(client, world):
    client.force_login(world["users"]["partner_finances"])
    mother = world["mother"]
    response = client.post(
        reverse("plans:action_create", args=[mother.pk, world["goal"].pk]),
        {
            "description": "Budgetgesprek plannen",
            "owner": "partner",
            "organisation": world["consent"].organisation_id,
        },
    )
    assert response.status_code == 302
    assert world["goal"].actions.filter(description="Budgetgesprek plannen").exists()
    response = client.post(
        reverse("cases:contact_add", args=[mother.pk]),
        {
            "date": datetime.date.today().isoformat(),
            "kind": "with_partner",
            "duration_minutes": 30,
            "note": "Schuldeisers gebeld",
            "domain": "finances",
        },
    )
    assert response.status_code == 302
    note = mother.contacts.get(note="Schuldeisers gebeld")
    assert list(note.shared_with.values_list("code", flat=True)) == ["kredietbank"]
    body = client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert "Schuldeisers gebeld" in body and "Budgetgesprek plannen" in body
    # Childcare does not read the credit bank's note.
    client.force_login(world["users"]["partner_children"])
    body = client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert "Schuldeisers gebeld" not in body


# --- Signals, meetings and escalations: the same matrix for their own pages -------------------

STAFF_PREFIXES = ("signalen/", "bijeenkomsten/", "escalaties/")
COACHES = {"own_coach", "other_coach"}
PARTNERS = set(PARTNER_CONSENTS)
# URL name → who may use it (everyone else: 403/404 and a `denied` entry). Written out here,
# not asked of `access.policy`, so the policy is checked against what the programme expects.
STAFF_ALLOWED: dict[str, set[str]] = {
    "signals:list": {"programme_lead", "municipal_contact"},
    "signals:phone": {"programme_lead", "municipal_contact", *COACHES},
    "signals:routes": {"programme_lead", "admin"},
    "signals:route_delete": {"programme_lead", "admin"},
    "signals:detail": {"programme_lead", "municipal_contact"},
    "signals:step": {"programme_lead", "municipal_contact"},
    "meetings:calendar": {"programme_lead", *COACHES, *PARTNERS},
    "meetings:feed": {"programme_lead", *COACHES, *PARTNERS},
    "meetings:create": {"programme_lead", *COACHES},
    "meetings:cohort": {"programme_lead", *COACHES},
    "meetings:detail": {"programme_lead", *COACHES},
    "meetings:ics": {"programme_lead", *COACHES},
    "meetings:edit": {"programme_lead", "own_coach"},  # she planned it
    "meetings:attendance": {"programme_lead", "own_coach"},
    "meetings:report": {"programme_lead", "own_coach"},
    "escalations:queue": {"programme_lead", "board", *COACHES},
    "escalations:figures": {"programme_lead", "board"},
    "escalations:detail": {"programme_lead", "board", "own_coach"},
    "escalations:advise": {"programme_lead"},
    "escalations:decide": {"board"},
}


def staff_url_names() -> list[tuple[str, str]]:
    return sorted(
        {
            (route, name)
            for route, name in _walk(get_resolver().url_patterns)
            if route.startswith(STAFF_PREFIXES)
        }
    )


@pytest.fixture
def staff_world(world):
    from droomplan.escalations.tests.factories import EscalationFactory
    from droomplan.meetings.tests.factories import GroupSessionFactory
    from droomplan.programmes.tests.factories import CohortFactory
    from droomplan.signals.tests.factories import SignalFactory, SignalRouteFactory

    mother, users = world["mother"], world["users"]
    programme, municipality = mother.programme, mother.municipality
    contact = users["municipal_contact"]
    route = SignalRouteFactory(programme=programme, municipality=municipality, contact=contact)
    signal = SignalFactory(programme=programme, municipality=municipality, assigned_to=contact)
    cohort = CohortFactory(programme=programme)
    session = GroupSessionFactory(programme=programme, cohorts=[cohort], created_by=world["coach"])
    escalation = EscalationFactory(goal=world["goal"], participant=mother)
    return {
        **world,
        "kwargs": {
            "pk": None,  # per prefix below
            "to_status": "in_contact",
            "cohort_pk": cohort.pk,
        },
        "ids": {"signals": signal.pk, "meetings": session.pk, "escalations": escalation.pk},
        "route": route,
        "escalation": escalation,
    }


def test_the_staff_matrix_covers_every_staff_page():
    assert {name for _route, name in staff_url_names()} == set(STAFF_ALLOWED)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL_USERS + ["anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_staff_url_for_every_role(client, staff_world, who, method):
    failures = []
    if who != "anonymous":
        client.force_login(staff_world["users"][who])
    for route, name in staff_url_names():
        kwargs = dict(staff_world["kwargs"], pk=staff_world["ids"][name.split(":")[0]])
        if name == "signals:route_delete":
            kwargs["pk"] = staff_world["route"].pk
            if method == "post" and who in STAFF_ALLOWED[name]:
                continue  # it really deletes the route (tested in signals/tests/test_access.py)
        url = build_url(route, name, kwargs)
        before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
        response = getattr(client, method)(url)
        status = response.status_code
        if who == "anonymous":
            if status != 302 or "inloggen" not in response["Location"]:
                failures.append(f"{name}: anonymous got {status}")
            continue
        if status >= 500:
            failures.append(f"{name}: {status} for {who}")
        elif status == 405:
            continue  # the page does not take this method
        elif who in STAFF_ALLOWED[name]:
            if status in (403, 404):
                failures.append(f"{name}: {who} was refused ({status})")
        elif status not in (403, 404):
            failures.append(f"{name}: {who} got {status}, expected 403/404")
        elif AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() <= before:
            failures.append(f"{name}: {who} was refused without an access-log entry")
    assert failures == []


# --- The mother's own portal (/mijn/) ---------------------------------------------------------

PORTAL_PREFIX = "mijn/"
# Open without a login: the one-time activation link (tested in portal/tests/test_getting_in.py).
PORTAL_PUBLIC = {"portal:activate"}


def portal_url_names() -> list[tuple[str, str]]:
    return sorted(
        {
            (route, name)
            for route, name in _walk(get_resolver().url_patterns)
            if route.startswith(PORTAL_PREFIX) and name not in PORTAL_PUBLIC
        }
    )


def test_the_portal_matrix_covers_the_portal():
    assert "portal:home" in {name for _route, name in portal_url_names()}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL_USERS + ["anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_portal_url_for_every_role(client, world, who, method):
    """Only a mother's own login opens the portal, and only with her own things: another
    mother's login gets 404 for the world mother's objects and never sees her name; staff,
    an anonymised case's login and anonymous visitors are refused (with a denial logged)."""
    mother, other = world["mother"], world["other_mother"]
    failures = []
    if who != "anonymous":
        client.force_login(world["users"][who])
    for route, name in portal_url_names():
        url = build_url(route, name, world["kwargs"])
        # An id of the world mother's things (a questionnaire's code is no one's own object).
        takes_object = bool(re.search(r"<(?:\w+:)?\w+_pk>", route))
        before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
        response = getattr(client, method)(url)
        status = response.status_code
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        if who == "anonymous":
            if status != 302 or "inloggen" not in response["Location"]:
                failures.append(f"{name}: anonymous got {status}")
            continue
        if status >= 500:
            failures.append(f"{name}: {status} for {who}")
            continue
        if who != "participant_own" and mother.given_name in body:
            failures.append(f"{name}: {who} saw the mother's name")
        if who == "participant_own" and other.given_name in body:
            failures.append(f"{name}: the mother saw another mother's name")
        if status == 405:
            continue
        allowed = who == "participant_own" or (who == "participant_other" and not takes_object)
        if allowed:
            if status in (403, 404):
                failures.append(f"{name}: {who} was refused ({status})")
        elif status not in (403, 404):
            failures.append(f"{name}: {who} got {status}, expected 403/404")
        elif AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() <= before:
            failures.append(f"{name}: {who} was refused without an access-log entry")
    assert failures == []
