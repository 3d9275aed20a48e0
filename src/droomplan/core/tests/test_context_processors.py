from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.core import context_processors


@pytest.mark.django_db
def test_the_navigation_is_worked_out_once_per_request():
    """The case page renders each part with the request: the menu is not asked for again."""
    request = RequestFactory().get("/dossiers/")
    request.user = UserFactory(role=Role.COACH)
    with mock.patch.object(
        context_processors, "items_for", wraps=context_processors.items_for
    ) as items_for:
        first = context_processors.navigation(request)
        for _ in range(3):
            render_to_string("core/includes/messages.html", {}, request=request)
        assert context_processors.navigation(request) is first
    assert items_for.call_count == 1
    request.user = AnonymousUser()  # logged out during the request: asked again
    assert context_processors.navigation(request)["nav_items"] != first["nav_items"]
