"""Who may read the security log, decide on role changes and reset someone's two-step login
(issue 13, item 3: separation of duties)."""

import pytest
from django.urls import reverse

from droomplan.access.policy import (
    can_decide_role_change,
    can_read_security_log,
    can_reset_two_step,
    visible_participants,
)
from droomplan.access.policy.accounts import ROLES_THE_LEAD_MANAGES
from droomplan.accounts.models import Role, RoleChangeRequest
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.accounts.tests.test_manage import formset_data, user_edit_data
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_an_admin_who_adds_the_lead_role_to_herself_still_sees_no_case(client):
    """The review's reproduction: the role waits for approval, so no case opens."""
    coop = OrganisationFactory(code="coop")
    admin = UserFactory(role=Role.ADMIN, role__organisation=coop)
    ParticipantFactory()
    client.force_login(admin)
    data = user_edit_data(
        admin,
        **formset_data(
            existing=[(admin.memberships.get(), False)], rows=[(Role.PROGRAMME_LEAD, coop)]
        ),
    )
    client.post(reverse("accounts:user_edit", args=[admin.pk]), data)
    admin.refresh_from_db()
    assert not visible_participants(admin).exists()


@pytest.mark.parametrize("role", list(Role))
def test_who_reads_the_security_log(role):
    user = UserFactory(role=role)
    assert can_read_security_log(user) is (role in (Role.ADMIN, Role.PROGRAMME_LEAD))


def test_nobody_anonymous_or_inactive_reads_the_security_log():
    from django.contrib.auth.models import AnonymousUser

    assert not can_read_security_log(AnonymousUser())
    assert not can_read_security_log(UserFactory(role=Role.ADMIN, is_active=False))


def test_who_decides_a_role_change():
    coop = OrganisationFactory(code="coop")
    requester = UserFactory(role=Role.ADMIN, role__organisation=coop)
    other_admin = UserFactory(role=Role.ADMIN, role__organisation=coop)
    lead = UserFactory(role=Role.PROGRAMME_LEAD, role__organisation=coop)
    coach = UserFactory(role=Role.COACH, role__organisation=coop)
    for role in Role:
        change = RoleChangeRequest(
            user=requester, requested_by=requester, role=role, organisation=coop
        )
        assert not can_decide_role_change(requester, change)
        assert can_decide_role_change(other_admin, change)
        assert can_decide_role_change(lead, change) is (role in ROLES_THE_LEAD_MANAGES)
        assert not can_decide_role_change(coach, change)


def test_who_resets_two_step_login():
    admin = UserFactory(role=Role.ADMIN)
    coach = UserFactory(role=Role.COACH)
    assert can_reset_two_step(admin, coach)
    assert not can_reset_two_step(admin, admin)
    assert not can_reset_two_step(coach, admin)
    assert not can_reset_two_step(UserFactory(role=Role.PROGRAMME_LEAD), coach)
