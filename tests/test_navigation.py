"""The navigation shows a page exactly when it opens: for every role, every menu item that is
shown opens (200), and every menu page that opens for a role is in her menu. Menu items and
the pages they link to are guarded by the same `access.policy` predicate."""

import pytest
from django.urls import resolve

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.core.navigation import HEADER_SEARCHES, NAV_ITEMS, header_search_for, items_for
from droomplan.programmes.tests.factories import ProgrammeFactory


def _guard(url: str):
    view = resolve(url).func
    while view is not None:
        if hasattr(view, "access_predicate"):
            return view.access_predicate
        view = getattr(view, "__wrapped__", None)
    return None


def test_every_menu_item_uses_the_predicate_of_its_page():
    for item in NAV_ITEMS:
        guard = _guard(item.url)
        if item.url_name == "core:home":
            assert guard is None  # every logged-in user
            continue
        assert guard is item.when, f"{item.url_name}: the menu and the page ask different rules"


def test_a_coach_sees_the_escalation_queue_in_her_menu(db):
    coach = UserFactory(role=Role.COACH)
    assert "escalations:queue" in {item.url_name for item in items_for(coach)}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_menu_shows_a_page_exactly_when_it_opens(client, role):
    ProgrammeFactory()
    user = UserFactory(role=role)
    client.force_login(user)
    shown = {item.url_name for item in items_for(user)}
    home = client.get("/").content.decode()
    failures = []
    for item in NAV_ITEMS:
        status = client.get(item.url).status_code
        opens = status == 200
        if opens != (item.url_name in shown):
            failures.append(f"{item.url_name}: shown={item.url_name in shown}, status={status}")
        if (f'href="{item.url}"' in home) != (item.url_name in shown) and item.url != "/":
            failures.append(f"{item.url_name}: the rendered menu disagrees")
    assert failures == []


def test_every_header_search_uses_the_predicate_of_its_page():
    assert HEADER_SEARCHES
    for search in HEADER_SEARCHES:
        assert _guard(search.url) is search.when, search.url_name


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_the_header_search_shows_exactly_when_its_page_opens(client, role):
    ProgrammeFactory()
    user = UserFactory(role=role)
    client.force_login(user)
    search = header_search_for(user)
    home = client.get("/").content.decode()
    assert ('role="search"' in home) == (search is not None)
    if search is not None:
        assert client.get(search.url, {search.param: "DM-"}).status_code == 200
