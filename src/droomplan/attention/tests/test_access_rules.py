"""Attention asks `access` who gets which kind of notification and which work lists: the
kinds and the work lists it knows are exactly those `access` has rules for."""

import pytest

from droomplan.access.policy import can_get_kind
from droomplan.access.policy.notifications import KIND_RECIPIENTS, WORK_LIST_ROLES
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.attention.kinds import KINDS, kinds_for
from droomplan.attention.worklist import BUILDERS

pytestmark = pytest.mark.django_db


def test_every_kind_of_notification_has_its_recipients_in_access():
    assert set(KINDS) == set(KIND_RECIPIENTS)


@pytest.mark.parametrize("role", list(Role))
def test_the_kinds_she_can_get_are_those_of_her_role(role):
    user = UserFactory(role=role)
    expected = [kind for kind in KINDS if role in KIND_RECIPIENTS[kind]]
    assert kinds_for(user) == expected
    assert all(can_get_kind(user, kind) for kind in expected)


def test_every_work_list_has_a_builder():
    assert set(BUILDERS) == set(WORK_LIST_ROLES)
