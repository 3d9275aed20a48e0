"""`droomplan first_admin`: the first functional administrator of a new installation, and only
the first (later administrators are added in the management screens)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from droomplan.accounts.models import Membership, Role, SecurityEvent, SecurityEventKind, User
from droomplan.accounts.tests.factories import UserFactory

PASSWORD = "Een-sterk-wachtwoord-2025"


def first_admin(monkeypatch, password=PASSWORD, **options):
    monkeypatch.setenv("DROOMPLAN_ADMIN_PASSWORD", password)
    options = {
        "email": "bea@example.org",
        "organisation": "coop",
        "organisation_name": "Coöperatie Droommoeders",
        "no_input": True,
        **options,
    }
    call_command("first_admin", "bea", **options)


@pytest.mark.django_db
def test_first_admin_gets_the_admin_role_and_is_logged(monkeypatch):
    first_admin(monkeypatch)
    bea = User.objects.get(username="bea")
    assert bea.check_password(PASSWORD)
    membership = Membership.objects.get(user=bea)
    assert (membership.role, membership.organisation.name) == (
        Role.ADMIN,
        "Coöperatie Droommoeders",
    )
    created, added = SecurityEvent.objects.filter(subject=bea).order_by("id")
    assert created.kind == SecurityEventKind.ACCOUNT_CREATED
    assert created.detail.startswith("command_line:")
    with translation.override("nl"):
        assert created.description.startswith("op de opdrachtregel, door ")
    assert (added.kind, added.role) == (SecurityEventKind.ROLE_ADDED, Role.ADMIN)


@pytest.mark.django_db
def test_only_the_first_admin(monkeypatch):
    UserFactory(role=Role.ADMIN)
    with pytest.raises(CommandError, match="already"):
        first_admin(monkeypatch)
    assert not User.objects.filter(username="bea").exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="password"):
        first_admin(monkeypatch, password="1234")
    assert not User.objects.filter(username="bea").exists()


@pytest.mark.django_db
def test_without_a_password_nothing_happens(monkeypatch):
    monkeypatch.delenv("DROOMPLAN_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DROOMPLAN_ADMIN_PASSWORD"):
        call_command("first_admin", "bea", organisation="coop", no_input=True)
