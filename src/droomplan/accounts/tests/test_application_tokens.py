"""The admin's pages for application tokens (the partners' API, docs/api.md)."""

import pytest
from django.urls import reverse

from droomplan.accounts.models import ApplicationToken, Role, SecurityEvent, SecurityEventKind
from droomplan.accounts.services import authenticate_token, create_application_token
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.ADMIN)


def test_the_admin_makes_a_token_and_sees_it_once(client, admin):
    org = OrganisationFactory(code="kredietbank", name="Kredietbank")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:token_create"),
        {"name": "Schuldsoftware", "organisation": org.pk, "scopes": ["cases:read"]},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApplicationToken.objects.get()
    text = response.context["text"]
    assert text.startswith(f"dp_{token.prefix}_") and text in response.content.decode()
    assert authenticate_token(text).pk == token.pk
    assert token.user.roles == {Role.PARTNER}
    assert token.user.has_usable_password() is False
    assert token.scopes == ["cases:read"]
    listed = client.get(reverse("accounts:token_list")).content.decode()
    assert "Schuldsoftware" in listed and text not in listed
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_CREATED).exists()


def test_bad_input_is_shown_on_the_form(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:token_create"),
        {"name": " ", "organisation": "x", "scopes": ["nope"], "expires_on": "2000-01-01"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"name", "organisation", "scopes"}
    assert not ApplicationToken.objects.exists()


def test_the_admin_revokes_a_token(client, admin):
    new = create_application_token(
        actor=admin, name="Oud", organisation=OrganisationFactory(), scopes=["cases:read"]
    )
    client.force_login(admin)
    url = reverse("accounts:token_revoke", args=[new.token.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert authenticate_token(new.text) is None
    new.token.user.refresh_from_db()
    assert new.token.user.is_active is False
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKED).count() == 1


@pytest.mark.parametrize("role", [Role.COACH, Role.PARTNER, Role.PROGRAMME_LEAD])
def test_only_the_admin_uses_the_token_pages(client, db, role):
    client.force_login(UserFactory(role=role))
    for name in ("accounts:token_list", "accounts:token_create"):
        assert client.get(reverse(name)).status_code == 403


def test_a_token_account_is_not_managed_as_a_person(client, admin):
    new = create_application_token(
        actor=admin, name="Systeem", organisation=OrganisationFactory(), scopes=["cases:read"]
    )
    client.force_login(admin)
    assert "Systeem" not in client.get(reverse("accounts:user_list")).content.decode()
    assert client.get(reverse("accounts:user_edit", args=[new.token.user.pk])).status_code == 404
