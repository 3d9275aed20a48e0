"""Nobody grants herself a role (issue 13, item 3): a role added to one's own account waits
for a second administrator (or, for roles the lead manages, the programme lead)."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from droomplan.accounts.models import (
    Membership,
    Role,
    RoleChangeRequest,
    RoleChangeStatus,
    SecurityEvent,
    SecurityEventKind,
)
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.accounts.tests.test_manage import formset_data, user_edit_data

CHANGES = "/beheer/rolwijzigingen/"


@pytest.fixture
def coop(db):
    return OrganisationFactory(code="coop", name="Coöperatie Droommoeders")


@pytest.fixture
def admin(coop):
    return UserFactory(username="beheerder", role=Role.ADMIN, role__organisation=coop)


@pytest.fixture
def second_admin(coop):
    return UserFactory(username="beheerder2", role=Role.ADMIN, role__organisation=coop)


@pytest.fixture
def lead(coop):
    return UserFactory(username="projectleider", role=Role.PROGRAMME_LEAD, role__organisation=coop)


def grant_self(client, admin, role, organisation):
    client.force_login(admin)
    data = user_edit_data(
        admin,
        **formset_data(existing=[(admin.memberships.get(), False)], rows=[(role, organisation)]),
    )
    return client.post(reverse("accounts:user_edit", args=[admin.pk]), data)


def decide(client, change, decision):
    return client.post(
        reverse("accounts:role_change_decide", args=[change.pk]), {"decision": decision}
    )


@pytest.mark.django_db
def test_an_admin_cannot_make_herself_programme_lead(client, admin, coop):
    response = grant_self(client, admin, Role.PROGRAMME_LEAD, coop)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=admin, role=Role.PROGRAMME_LEAD).exists()
    admin.refresh_from_db()
    assert not admin.has_role(Role.PROGRAMME_LEAD)
    change = RoleChangeRequest.objects.get()
    assert (change.user, change.requested_by, change.role, change.organisation) == (
        admin,
        admin,
        Role.PROGRAMME_LEAD,
        coop,
    )
    assert change.status == RoleChangeStatus.PENDING
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_CHANGE_REQUESTED)
    assert (event.actor, event.subject) == (admin, admin)
    follow = client.get(response["Location"])
    assert "goedkeuring" in follow.content.decode()


@pytest.mark.django_db
def test_a_second_admin_approves_and_both_are_logged(client, admin, second_admin, coop):
    grant_self(client, admin, Role.PROGRAMME_LEAD, coop)
    change = RoleChangeRequest.objects.get()

    assert decide(client, change, "approve").status_code == 403  # not her own request
    assert not Membership.objects.filter(user=admin, role=Role.PROGRAMME_LEAD).exists()

    client.force_login(second_admin)
    page = client.get(CHANGES)
    assert page.status_code == 200
    assert "beheerder" in page.content.decode()
    assert decide(client, change, "approve").status_code == 302
    assert Membership.objects.filter(user=admin, role=Role.PROGRAMME_LEAD).exists()
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (RoleChangeStatus.APPROVED, second_admin)
    approved = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_CHANGE_APPROVED)
    assert (approved.actor, approved.subject) == (second_admin, admin)
    added = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_ADDED)
    assert added.actor == second_admin

    # Decided once: a second decision changes nothing.
    assert decide(client, change, "reject").status_code == 302
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.APPROVED


@pytest.mark.django_db
def test_a_rejected_request_grants_nothing(client, admin, second_admin, coop):
    grant_self(client, admin, Role.PROGRAMME_LEAD, coop)
    change = RoleChangeRequest.objects.get()
    client.force_login(second_admin)
    assert decide(client, change, "reject").status_code == 302
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.REJECTED
    assert not Membership.objects.filter(user=admin, role=Role.PROGRAMME_LEAD).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGE_REJECTED).exists()


@pytest.mark.django_db
def test_the_lead_approves_roles_she_manages_only(client, admin, lead, coop):
    grant_self(client, admin, Role.COACH, coop)
    grant_self(client, admin, Role.PROGRAMME_LEAD, coop)
    coach_change = RoleChangeRequest.objects.get(role=Role.COACH)
    lead_change = RoleChangeRequest.objects.get(role=Role.PROGRAMME_LEAD)

    client.force_login(lead)
    page = client.get(CHANGES)
    assert list(page.context["to_decide"]) == [coach_change]
    assert decide(client, lead_change, "approve").status_code == 403
    assert decide(client, coach_change, "approve").status_code == 302
    assert Membership.objects.filter(user=admin, role=Role.COACH).exists()
    assert not Membership.objects.filter(user=admin, role=Role.PROGRAMME_LEAD).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COACH, Role.PARTNER, Role.BOARD, Role.ANALYST])
def test_other_roles_cannot_decide(client, admin, coop, role):
    grant_self(client, admin, Role.COACH, coop)
    change = RoleChangeRequest.objects.get()
    client.force_login(UserFactory(role=role))
    assert client.get(CHANGES).status_code == 403
    assert decide(client, change, "approve").status_code == 403


@pytest.mark.django_db
def test_bad_decisions_and_unknown_requests(client, admin, second_admin, coop):
    grant_self(client, admin, Role.COACH, coop)
    change = RoleChangeRequest.objects.get()
    client.force_login(second_admin)
    response = decide(client, change, "maybe")
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.PENDING
    missing = client.post(
        reverse("accounts:role_change_decide", args=[change.pk + 99]), {"decision": "approve"}
    )
    assert missing.status_code == 404


@pytest.mark.django_db
def test_an_admin_may_still_remove_her_own_roles_and_change_others_directly(client, admin, coop):
    extra = Membership.objects.create(user=admin, role=Role.BOARD, organisation=coop)
    client.force_login(admin)
    data = user_edit_data(
        admin,
        **formset_data(existing=[(admin.memberships.get(role=Role.ADMIN), False), (extra, True)]),
    )
    assert client.post(reverse("accounts:user_edit", args=[admin.pk]), data).status_code == 302
    assert not Membership.objects.filter(pk=extra.pk).exists()
    assert not RoleChangeRequest.objects.exists()

    coach = UserFactory(role=Role.COACH)
    data = user_edit_data(
        coach,
        **formset_data(existing=[(coach.memberships.get(), False)], rows=[(Role.BOARD, coop)]),
    )
    assert client.post(reverse("accounts:user_edit", args=[coach.pk]), data).status_code == 302
    assert Membership.objects.filter(user=coach, role=Role.BOARD).exists()
    assert not RoleChangeRequest.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_self_approval(admin, coop):
    change = RoleChangeRequest.objects.create(
        user=admin, requested_by=admin, role=Role.COACH, organisation=coop
    )
    with pytest.raises(IntegrityError):
        RoleChangeRequest.objects.filter(pk=change.pk).update(
            decided_by=admin, status=RoleChangeStatus.APPROVED
        )


@pytest.mark.django_db
def test_pending_requests_show_on_her_own_user_page(client, admin, coop):
    grant_self(client, admin, Role.COACH, coop)
    content = client.get(reverse("accounts:user_edit", args=[admin.pk])).content.decode()
    assert "Wacht op goedkeuring" in content
