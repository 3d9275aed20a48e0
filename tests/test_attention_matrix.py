"""The work list ("Vandaag") and the notifications in the access matrix: for every user of
the matrix world, the home page and the notification list name the world's mother only to
who may see her, and never show a partner anything outside her consent."""

import datetime

import pytest
from django.urls import reverse

from droomplan.attention.kinds import Kind
from droomplan.attention.services import notify
from droomplan.plans.models import ActionOwner
from droomplan.plans.tests.factories import ActionFactory
from tests.test_access_matrix import SECRETS, shared_world, world  # noqa: F401  (its world)

# Who may see the world's mother (her name) at all.
SEES_HER = {"own_coach", "programme_lead", "partner_finances", "partner_children"}


@pytest.fixture
def busy_world(world):  # noqa: F811
    mother, today = world["mother"], datetime.date.today()
    late = today - datetime.timedelta(days=5)
    ActionFactory(goal=world["goal"], owner=ActionOwner.COACH, due_date=late)
    ActionFactory(
        goal=world["other_goal"],
        owner=ActionOwner.PARTNER,
        organisation=world["consent"].organisation,
        description="Geheime actie buiten de toestemming",
        due_date=late,
    )
    world["other_goal"].target_date = late
    world["other_goal"].save()
    for kind in (Kind.HANDOVER, Kind.ACTION_ASSIGNED, Kind.CONSENT_WITHDRAWN):
        notify(kind=kind, recipients=world["users"].values(), participant=mother)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who",
    [
        "own_coach",
        "other_coach",
        "programme_lead",
        "partner_finances",
        "partner_children",
        "partner_expired",
        "partner_withdrawn",
        "partner_not_yet",
        "partner_without_consent",
        "municipal_contact",
        "board",
        "analyst",
        "admin",
        "participant_other",
    ],
)
def test_home_and_notifications_never_tell_about_a_family_she_may_not_see(client, busy_world, who):
    mother = busy_world["mother"]
    client.force_login(busy_world["users"][who])
    for url in (reverse("core:home"), reverse("attention:list")):
        response = client.get(url, follow=True)  # a mother's home is her portal (/mijn/)
        assert response.status_code == 200
        body = response.content.decode()
        if who in SEES_HER:
            assert mother.full_name in body or url == reverse("core:home")
        else:
            assert mother.given_name not in body, (who, url)
        if who.startswith("partner"):
            assert "Geheime actie buiten de toestemming" not in body
            for label, secret in SECRETS.items():
                assert secret not in body, (who, url, label)
