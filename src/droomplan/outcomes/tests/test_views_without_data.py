"""The report page before there is anything to report (test_views.py runs on a dataset)."""

import pytest
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_no_programme_yet(client):
    client.force_login(UserFactory(role=Role.BOARD))
    response = client.get(reverse("outcomes:report"))
    assert response.status_code == 200
    assert response.context["report"] is None
