"""The portal opens for a mother's own login, and only for her; she lands there after logging in."""

import pytest
from django.urls import reverse

from droomplan.access.policy import portal as policy
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import TEST_PASSWORD, UserFactory
from droomplan.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_own_participant_is_her_case(mother):
    assert policy.own_participant(mother.user) == mother
    assert policy.can_use_portal(mother.user)
    assert policy.lands_in_portal(mother.user)
    assert policy.is_own_case(mother.user, mother)


def test_no_portal_without_a_linked_case_or_role(mother, coach):
    assert not policy.can_use_portal(coach)
    assert not policy.can_use_portal(UserFactory(role=Role.PARTICIPANT))  # no case linked
    mother.user.memberships.all().delete()
    mother.user._roles_cache = None
    mother.user._memberships_cache = None
    assert not policy.can_use_portal(mother.user)


def test_no_portal_for_an_anonymised_case(mother):
    from django.utils import timezone

    mother.anonymised_at = timezone.now()
    mother.save(update_fields=["anonymised_at"])
    assert not policy.can_use_portal(mother.user)


def test_no_portal_for_a_blocked_login(mother):
    mother.user.is_active = False
    assert not policy.can_use_portal(mother.user)


def test_another_mothers_case_is_not_hers(mother):
    from .factories import mother_with_login

    other = mother_with_login()
    assert not policy.is_own_case(mother.user, other)
    assert not policy.can(mother.user, "view", other)
    assert policy.can(mother.user, "view", mother)
    assert not policy.can(mother.user, "manage_consent", mother)


def test_home_shows_her_menu(mother_client, mother, django_assert_num_queries):
    with django_assert_num_queries(10):
        response = mother_client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert mother.given_name in response.content.decode()
    entry = AccessLogEntry.objects.get(object_type="portal")
    assert entry.user == mother.user and entry.participant == mother


def test_staff_do_not_open_the_portal(client, coach):
    client.force_login(coach)
    assert client.get(reverse("portal:home")).status_code == 403


def test_she_lands_in_the_portal_after_logging_in(client, mother):
    response = client.post(
        reverse("accounts:login"),
        {"username": mother.user.username, "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("portal:home")


def test_staff_still_land_on_the_home_page(client, coach):
    client.force_login(coach)
    assert client.get(reverse("core:home")).status_code == 200


def test_her_staff_pages_stay_closed(mother_client, mother):
    assert mother_client.get(reverse("cases:detail", args=[mother.pk])).status_code in {403, 404}


def test_a_portal_page_stays_under_100_kb(mother_client):
    """On a prepaid bundle: the page and its styles and scripts, compressed as WhiteNoise
    serves them, stay under 100 KB (no images)."""
    import gzip
    import re

    from django.contrib.staticfiles import finders

    body = mother_client.get(reverse("portal:home")).content
    total = len(gzip.compress(body))
    for path in re.findall(rb'(?:href|src)="/static/([^"]+)"', body):
        found = finders.find(path.decode())
        assert found, path
        with open(found, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < 100_000


def test_a_mother_who_also_works_here_finds_her_portal_on_the_home_page(client, mother):
    from droomplan.accounts.models import Membership
    from droomplan.accounts.tests.factories import OrganisationFactory

    Membership.objects.create(
        user=mother.user, role=Role.PARTNER, organisation=OrganisationFactory()
    )
    client.force_login(mother.user)
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert reverse("portal:home") in page.content.decode()
