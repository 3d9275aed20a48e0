"""Every portal link as her: a crawl from the portal's home page through every link under
/mijn/ that her pages show. Every page opens, and none shows another mother's name, not even
when they share a group, a meeting or a coach."""

import datetime
import re

import pytest
from django.urls import reverse

from droomplan.cases.tests.factories import ChildFactory, ParticipantFactory
from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory
from droomplan.plans.models import ActionOwner
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory
from droomplan.programmes.tests.factories import CohortFactory

from .factories import mother_with_login

pytestmark = pytest.mark.django_db

OTHERS = ["Anderemoeder", "Buurvrouwnaam", "Kindvananderen"]
LINK = re.compile(r'href="(/mijn/[^"#]*)"')


@pytest.fixture
def world(coach):
    today = datetime.date.today()
    mother = mother_with_login(
        participant=ParticipantFactory(
            coach=coach, active=True, start_date=today - datetime.timedelta(days=10)
        )
    )
    cohort = CohortFactory(programme=mother.programme)
    other = mother_with_login(
        participant=ParticipantFactory(
            coach=coach, active=True, given_name=OTHERS[0], programme=mother.programme
        )
    )
    neighbour = ParticipantFactory(
        active=True, given_name=OTHERS[1], programme=mother.programme, cohort=cohort
    )
    ChildFactory(participant=other, given_name=OTHERS[2])
    mother.cohort = cohort
    mother.save(update_fields=["cohort"])
    goal = GoalFactory(participant=mother, dream=DreamFactory(participant=mother))
    ActionFactory(goal=goal, owner=ActionOwner.MOTHER)
    GoalFactory(participant=other, title=f"Doel van {OTHERS[0]}")
    for days in (-14, 7):
        session = GroupSessionFactory(
            programme=mother.programme, date=today + datetime.timedelta(days=days)
        )
        for participant in (mother, other, neighbour):
            AttendanceFactory(session=session, participant=participant)
    return mother


def test_every_portal_link_as_her_shows_no_other_mother(client, world):
    client.force_login(world.user)
    start = reverse("portal:home")
    seen, queue = set(), [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for name in OTHERS:
            assert name not in body, f"{url} shows {name}"
        if response["Content-Type"].startswith("text/html"):
            queue.extend(u.replace("&amp;", "&") for u in LINK.findall(body))
    # The crawl reached every section, a form and a calendar file.
    for name in ("portal:plan", "portal:meetings", "portal:questionnaires"):
        assert reverse(name) in seen
    assert any(u.endswith(".ics") for u in seen)
    assert any("/vragenlijsten/pss-10/" in u for u in seen)
