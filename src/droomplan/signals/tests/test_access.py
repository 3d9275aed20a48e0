"""Every signal page × every role. Denied means 403 or 404 plus a `denied` access-log entry
(object_type "signal"), and never a leak of the mother's name or the signal's text."""

import pytest
from django.urls import reverse

from droomplan.access.policy import can_triage_signal as can_triage
from droomplan.access.policy import visible_signals
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Outcome

from .factories import SignalFactory

WHO = [
    "contact_here",
    "contact_elsewhere",
    "lead",
    "own_coach",
    "other_coach",
    "partner",
    "board",
    "analyst",
    "admin",
    "participant",
]


@pytest.fixture
def world(programme, maastricht, contact, other_contact, lead, coach, linked_signal):
    open_signal = SignalFactory(
        programme=programme, municipality=maastricht, assigned_to=contact, mother_name="Zeldzaam"
    )
    users = {
        "contact_here": contact,
        "contact_elsewhere": other_contact,
        "lead": lead,
        "own_coach": coach,
        "other_coach": UserFactory(role=Role.COACH),
        "partner": UserFactory(
            role=Role.PARTNER, role__organisation=OrganisationFactory(code="kredietbank")
        ),
        "board": UserFactory(role=Role.BOARD),
        "analyst": UserFactory(role=Role.ANALYST),
        "admin": UserFactory(role=Role.ADMIN),
        "participant": UserFactory(role=Role.PARTICIPANT),
    }
    route = contact.signal_routes.get()
    return {"users": users, "open": open_signal, "linked": linked_signal, "route": route}


def pages(world):
    """(name, method, url, roles allowed)"""
    linked, open_signal = world["linked"], world["open"]
    return [
        ("list", "get", reverse("signals:list"), {"contact_here", "contact_elsewhere", "lead"}),
        (
            "detail",
            "get",
            reverse("signals:detail", args=[linked.pk]),
            {"contact_here", "lead", "own_coach"},
        ),
        (
            "detail-open",
            "get",
            reverse("signals:detail", args=[open_signal.pk]),
            {"contact_here", "lead"},
        ),
        (
            "step",
            "get",
            reverse("signals:step", args=[open_signal.pk, "in_contact"]),
            {"contact_here", "lead"},
        ),
        (
            "step-post",
            "post",
            reverse("signals:step", args=[open_signal.pk, "no_action"]),
            {"contact_here", "lead"},
        ),
        (
            "phone",
            "get",
            reverse("signals:phone"),
            {"contact_here", "contact_elsewhere", "lead", "own_coach", "other_coach"},
        ),
        ("routes", "get", reverse("signals:routes"), {"lead", "admin"}),
        (
            "route_delete",
            "post",
            reverse("signals:route_delete", args=[world["route"].pk]),
            {"lead", "admin"},
        ),
    ]


@pytest.mark.parametrize("who", WHO)
def test_every_signal_page_for_every_role(client, world, who):
    client.force_login(world["users"][who])
    failures = []
    for name, method, url, allowed in pages(world):
        if name == "route_delete" and who in allowed:
            continue  # tested below: it really deletes
        before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
        response = getattr(client, method)(url)
        body = response.content.decode()
        if response.status_code >= 500:
            failures.append(f"{name}: {response.status_code}")
        elif who in allowed:
            if response.status_code not in (200, 302):
                failures.append(f"{name}: {who} refused with {response.status_code}")
        else:
            if response.status_code not in (403, 404):
                failures.append(f"{name}: {who} got {response.status_code}, expected 403/404")
            entries = AccessLogEntry.objects.filter(outcome=Outcome.DENIED)
            if entries.count() <= before:
                failures.append(f"{name}: {who} refused without an access-log entry")
            elif entries.first().object_type != "signal":
                failures.append(f"{name}: denial logged as {entries.first().object_type}")
            if "Zeldzaam" in body or "Priscilla" in body:
                failures.append(f"{name}: {who} saw the mother's name")
    assert failures == []


@pytest.mark.parametrize("who", ["contact_here", "contact_elsewhere", "lead", "own_coach"])
def test_anonymous_is_sent_to_login(client, world, who):
    for name, method, url, _allowed in pages(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert "inloggen" in response["Location"], name


def test_lead_and_admin_can_remove_a_route(client, world):
    client.force_login(world["users"]["admin"])
    response = client.post(reverse("signals:route_delete", args=[world["route"].pk]))
    assert response.status_code == 302
    assert not world["users"]["contact_here"].signal_routes.exists()


def test_the_coach_reads_the_signal_behind_her_family_but_cannot_triage(client, world):
    coach = world["users"]["own_coach"]
    linked = world["linked"]
    linked.status = "intake_proposed"  # pretend it is still open, to try a step
    linked.save()
    client.force_login(coach)
    assert client.get(reverse("signals:detail", args=[linked.pk])).status_code == 200
    before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
    response = client.get(reverse("signals:step", args=[linked.pk, "referred"]))
    assert response.status_code == 403
    denied = AccessLogEntry.objects.filter(outcome=Outcome.DENIED)
    assert denied.count() == before + 1
    assert denied.first().participant == linked.participant


def test_a_guessed_id_is_logged_without_linking_a_participant(client, world):
    """A signal id is not a participant id: the denial must not land in some mother's log."""
    client.force_login(world["users"]["board"])
    linked = world["linked"]
    for pk in (linked.participant.pk, 999999, "abc"):
        assert client.get(f"/signalen/{pk}/").status_code == 404
    denied = AccessLogEntry.objects.filter(outcome=Outcome.DENIED, object_type="signal")
    assert denied.count() == 3
    assert not denied.filter(participant__isnull=False).exists()


def test_visible_signals_and_can_triage_matrix(world):
    users, open_signal, linked = world["users"], world["open"], world["linked"]
    seen = {who: set(visible_signals(u).values_list("pk", flat=True)) for who, u in users.items()}
    both = {open_signal.pk, linked.pk}
    assert seen["contact_here"] == both
    assert seen["lead"] == both
    assert seen["own_coach"] == {linked.pk}
    for who in ["contact_elsewhere", "other_coach", "partner", "board", "analyst", "admin"]:
        assert seen[who] == set(), who
    assert seen["participant"] == set()
    assert can_triage(users["contact_here"], open_signal)
    assert can_triage(users["lead"], open_signal)
    for who in ["contact_elsewhere", "own_coach", "other_coach", "partner", "admin", "board"]:
        assert not can_triage(users[who], open_signal), who
    from django.contrib.auth.models import AnonymousUser

    assert not visible_signals(AnonymousUser()).exists()
    assert not can_triage(AnonymousUser(), open_signal)


def test_an_inactive_contact_sees_nothing(world):
    contact = world["users"]["contact_here"]
    contact.is_active = False
    contact.save()
    assert not visible_signals(contact).exists()


def test_a_contact_sees_a_signal_assigned_to_her_in_another_municipality(world, programme, vaals):
    contact = world["users"]["contact_here"]
    signal = SignalFactory(programme=programme, municipality=vaals, assigned_to=contact)
    assert visible_signals(contact).filter(pk=signal.pk).exists()
