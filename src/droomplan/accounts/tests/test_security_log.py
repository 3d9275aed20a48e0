"""The security log (issue 13, item 3): logins, roles, authenticators and passwords leave an
entry (who, whom, what, when, from which address) that admins and the programme lead read and
nobody changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from droomplan.accounts.models import Role, SecurityEvent, SecurityEventKind
from droomplan.accounts.tests.factories import (
    TEST_PASSWORD,
    OrganisationFactory,
    UserFactory,
)
from droomplan.accounts.tests.otp import LOGIN
from droomplan.accounts.tests.test_manage import formset_data, user_edit_data

LOG = "/beheer/beveiligingslog/"
NEW_PASSWORD = "Zomer-in-Vaals-2025"


def events(**filters) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(**filters).order_by("id"))


# --- Logins ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_successful_login_is_logged_with_the_address(client):
    user = UserFactory(role=Role.COACH)
    client.post(
        LOGIN,
        {"username": user.username, "password": TEST_PASSWORD},
        REMOTE_ADDR="192.0.2.7",
    )
    [event] = events(kind=SecurityEventKind.LOGIN)
    assert event.subject == user
    assert event.actor == user
    assert event.subject_username == user.username
    assert event.ip_address == "192.0.2.7"
    assert timezone.now() - event.at < datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_failed_logins_are_logged_for_known_and_unknown_names(client):
    user = UserFactory(role=Role.COACH)
    client.post(LOGIN, {"username": user.username, "password": "wrong"}, REMOTE_ADDR="192.0.2.8")
    client.post(LOGIN, {"username": "niemand", "password": "wrong"}, REMOTE_ADDR="192.0.2.9")
    known, unknown = events(kind=SecurityEventKind.LOGIN_FAILED)
    assert (known.subject, known.subject_username, known.ip_address) == (
        user,
        user.username,
        "192.0.2.8",
    )
    assert (unknown.subject, unknown.subject_username, unknown.ip_address) == (
        None,
        "niemand",
        "192.0.2.9",
    )
    assert known.actor is None


@pytest.mark.django_db
def test_lockout_is_logged(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": user.username, "password": "wrong"})
    assert events(kind=SecurityEventKind.LOCKED_OUT)[0].subject_username == user.username


@pytest.mark.django_db
def test_logout_is_logged(client):
    user = UserFactory(role=Role.COACH)
    client.force_login(user)
    client.post(reverse("accounts:logout"))
    assert events(kind=SecurityEventKind.LOGOUT)[0].subject == user


# --- Roles, accounts and passwords ----------------------------------------------------------


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.ADMIN, username="beheerder")


@pytest.mark.django_db
def test_role_changes_by_an_admin_are_logged(client, admin):
    coach = UserFactory(role=Role.COACH, username="coach1")
    mik = OrganisationFactory(code="mik", name="MIK")
    old = coach.memberships.get()
    client.force_login(admin)
    data = user_edit_data(coach, **formset_data(existing=[(old, True)], rows=[(Role.PARTNER, mik)]))
    assert client.post(reverse("accounts:user_edit", args=[coach.pk]), data).status_code == 302
    removed = events(kind=SecurityEventKind.ROLE_REMOVED)[0]
    added = events(kind=SecurityEventKind.ROLE_ADDED)[0]
    assert (removed.actor, removed.subject) == (admin, coach)
    assert (added.actor, added.subject) == (admin, coach)
    assert (removed.role, removed.organisation) == (Role.COACH, old.organisation.name)
    assert (added.role, added.organisation) == (Role.PARTNER, "MIK")
    with translation.override("nl"):
        assert added.description == "Professional bij partner · MIK"


@pytest.mark.django_db
def test_new_user_deactivation_and_password_set_by_admin_are_logged(client, admin):
    org = OrganisationFactory(code="trajekt", name="Trajekt")
    client.force_login(admin)
    data = {
        "username": "nieuw",
        "first_name": "Nina",
        "last_name": "Nieuw",
        "email": "nina@example.org",
        "is_active": "on",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **formset_data(rows=[(Role.COACH, org)]),
    }
    assert client.post(reverse("accounts:user_create"), data).status_code == 302
    nina = UserFactory._meta.model.objects.get(username="nieuw")
    assert [e.kind for e in events(subject=nina)] == [
        SecurityEventKind.ACCOUNT_CREATED,
        SecurityEventKind.ROLE_ADDED,
    ]

    data = user_edit_data(
        nina,
        is_active="",
        new_password1=NEW_PASSWORD + "x",
        new_password2=NEW_PASSWORD + "x",
        **formset_data(existing=[(nina.memberships.get(), False)]),
    )
    assert client.post(reverse("accounts:user_edit", args=[nina.pk]), data).status_code == 302
    assert [e.kind for e in events(subject=nina)][2:] == [
        SecurityEventKind.PASSWORD_SET,
        SecurityEventKind.ACCOUNT_DEACTIVATED,
    ]
    assert all(e.actor == admin for e in events(subject=nina))


@pytest.mark.django_db
def test_own_password_change_is_logged_and_she_is_told(client, mailoutbox):
    user = UserFactory(role=Role.COACH)
    client.force_login(user)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    [event] = events(kind=SecurityEventKind.PASSWORD_CHANGED)
    assert (event.actor, event.subject) == (user, user)
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.mark.django_db
def test_organisation_deactivation_is_logged(client, admin):
    org = OrganisationFactory(code="mik", name="MIK")
    client.force_login(admin)
    data = {"code": "mik", "name": "MIK", "kind": org.kind}  # is_active unticked
    assert (
        client.post(reverse("accounts:organisation_edit", args=[org.pk]), data).status_code == 302
    )
    [event] = events(kind=SecurityEventKind.ORGANISATION_DEACTIVATED)
    assert event.actor == admin
    assert event.organisation == "MIK"


# --- Nobody changes it -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_security_log_cannot_be_changed_or_deleted():
    user = UserFactory()
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, subject=user)
    event.detail = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="x")
    with pytest.raises(PermissionError):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


# --- The page --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROGRAMME_LEAD])
def test_admin_and_lead_read_the_log(client, role):
    coach = UserFactory(role=Role.COACH, username="coach1")
    client.force_login(coach)
    client.force_login(UserFactory(role=role))
    response = client.get(LOG)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Beveiligingslog" in content
    assert "coach1" in content
    assert "Ingelogd" in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.ADMIN, Role.PROGRAMME_LEAD)])
def test_other_roles_cannot_read_the_log(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(LOG).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_for_the_log(client):
    response = client.get(LOG)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_log_filters_by_person_and_kind(client, admin):
    anna = UserFactory(username="anna", role=Role.COACH)
    bram = UserFactory(username="bram", role=Role.COACH)
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN, subject=anna, subject_username="anna"
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN_FAILED, subject=anna, subject_username="anna"
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN, subject=bram, subject_username="bram"
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.ROLE_ADDED,
        actor=admin,
        actor_username="beheerder",
        subject=bram,
        subject_username="bram",
    )
    client.force_login(admin)

    def shown(**params):
        page = client.get(LOG, params).context["page"]
        return [(e.kind, e.subject_username) for e in page.object_list]

    assert shown(person="anna") == [
        (SecurityEventKind.LOGIN_FAILED, "anna"),
        (SecurityEventKind.LOGIN, "anna"),
    ]
    assert shown(person="bram", kind=SecurityEventKind.LOGIN) == [(SecurityEventKind.LOGIN, "bram")]
    # A person is found as the one who acted, too.
    assert shown(person="beheerder", kind=SecurityEventKind.ROLE_ADDED) == [
        (SecurityEventKind.ROLE_ADDED, "bram")
    ]
    # Bad filter values are ignored with a message, never a 500.
    response = client.get(LOG, {"kind": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


@pytest.mark.django_db
def test_log_is_paginated_with_a_fixed_number_of_queries(client, admin, django_assert_num_queries):
    user = UserFactory(username="veel")
    SecurityEvent.objects.bulk_create(
        [
            SecurityEvent(
                kind=SecurityEventKind.LOGIN_FAILED, subject=user, subject_username="veel"
            )
            for _ in range(120)
        ]
    )
    client.force_login(admin)
    client.get(LOG)  # warm the session
    # session, user, authenticator?, memberships, count, pending role requests, the page of
    # events (the session is not saved again within a minute: accounts.middleware)
    with django_assert_num_queries(7):
        response = client.get(LOG, {"page": 2})
    page = response.context["page"]
    assert page.number == 2
    assert len(page.object_list) == 50
    assert page.paginator.count == 120 + SecurityEvent.objects.exclude(subject=user).count()


@pytest.mark.django_db
def test_navigation_shows_the_log_to_admin_and_lead():
    from droomplan.core.navigation import items_for

    for role, expected in [(Role.ADMIN, True), (Role.PROGRAMME_LEAD, True), (Role.COACH, False)]:
        names = [item.url_name for item in items_for(UserFactory(role=role))]
        assert ("accounts:security_log" in names) is expected
