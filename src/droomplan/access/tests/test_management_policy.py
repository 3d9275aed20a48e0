"""Who may use the management pages of `accounts`, `programmes` and `jobs`, who gets which
kind of notification and which work lists (issue 14: every role check in `access`)."""

import pytest

from droomplan.access.policy import (
    can_get_kind,
    can_manage_api_tokens,
    can_manage_organisations,
    can_manage_programmes,
    can_manage_users,
    can_see_jobs,
    work_lists_for,
)
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_ONLY = [can_manage_organisations, can_manage_users, can_manage_api_tokens, can_see_jobs]


@pytest.mark.parametrize("role", list(Role))
def test_who_manages_what(role):
    user = UserFactory(role=role)
    for predicate in ADMIN_ONLY:
        assert predicate(user) == (role == Role.ADMIN), predicate.__name__
    assert can_manage_programmes(user) == (role in {Role.ADMIN, Role.PROGRAMME_LEAD})


def test_an_inactive_admin_manages_nothing():
    user = UserFactory(role=Role.ADMIN, is_active=False)
    assert not any(predicate(user) for predicate in [*ADMIN_ONLY, can_manage_programmes])
    assert work_lists_for(user) == []


def test_a_board_member_cannot_get_a_coach_kind():
    board = UserFactory(role=Role.BOARD)
    assert not can_get_kind(board, "handover")
    assert not can_get_kind(board, "no_such_kind")


def test_work_lists_follow_her_roles_in_order():
    user = UserFactory(role=Role.BOARD)
    user.memberships.create(role=Role.COACH, organisation=user.memberships.get().organisation)
    user = type(user).objects.get(pk=user.pk)
    assert work_lists_for(user) == [Role.COACH, Role.BOARD]
    assert work_lists_for(UserFactory(role=Role.ADMIN)) == []
