"""Fixtures shared by every app's tests."""

import pytest

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # argon2 is what production uses (tested in accounts); tests hash faster.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    def _make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return _make


@pytest.fixture
def users_by_role(db):
    """One user per role, each in an organisation of their own."""
    return {role: UserFactory(role=role, username=f"u-{role}") for role in Role}
