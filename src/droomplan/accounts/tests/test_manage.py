"""The functional administrator's screens: organisations and users."""

import pytest
from django.urls import reverse

from droomplan.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from droomplan.accounts.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

NEW_PASSWORD = "Zomer-in-Vaals-2025"
PAGES = [
    "organisation_list",
    "organisation_create",
    "organisation_edit",
    "user_list",
    "user_create",
    "user_edit",
]
NOT_ADMIN = [role for role in Role if role != Role.ADMIN]


def page_url(name: str, organisation: Organisation, user: User) -> str:
    if name == "organisation_edit":
        return reverse("accounts:organisation_edit", args=[organisation.pk])
    if name == "user_edit":
        return reverse("accounts:user_edit", args=[user.pk])
    return reverse(f"accounts:{name}")


def formset_data(rows=(), existing=()) -> dict:
    """POST data for the memberships formset: ``existing`` are (membership, delete) pairs,
    ``rows`` are new (role, organisation) pairs."""
    data = {
        "memberships-TOTAL_FORMS": str(len(existing) + len(rows)),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, (membership, delete) in enumerate(existing):
        data[f"memberships-{i}-id"] = str(membership.pk)
        data[f"memberships-{i}-role"] = membership.role
        data[f"memberships-{i}-organisation"] = str(membership.organisation_id or "")
        if delete:
            data[f"memberships-{i}-DELETE"] = "on"
    for j, (role, organisation) in enumerate(rows, start=len(existing)):
        data[f"memberships-{j}-role"] = role
        data[f"memberships-{j}-organisation"] = str(organisation.pk) if organisation else ""
    return data


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, username="beheerder")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def trajekt(db):
    return OrganisationFactory(code="trajekt", name="Trajekt", kind=OrganisationKind.SOCIAL_WORK)


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_admin_can_open_every_page(admin_client, admin, trajekt, page):
    response = admin_client.get(page_url(page, trajekt, admin))
    assert response.status_code == 200
    assert "utrecht-heading-1" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ADMIN)
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_get_403(client, users_by_role, trajekt, role, page):
    client.force_login(users_by_role[role])
    response = client.get(page_url(page, trajekt, users_by_role[Role.COACH]))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_user_without_any_role_gets_403(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("accounts:user_list")).status_code == 403


@pytest.mark.django_db
def test_admin_of_an_inactive_organisation_gets_403(client, make_user):
    user = make_user(Role.ADMIN)
    Organisation.objects.update(is_active=False)
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, admin, trajekt, page):
    url = page_url(page, trajekt, admin)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ADMIN)
def test_other_roles_cannot_post(client, users_by_role, role):
    client.force_login(users_by_role[role])
    before = Organisation.objects.count()
    response = client.post(
        reverse("accounts:organisation_create"),
        {"code": "sneaky", "name": "Sneaky", "kind": OrganisationKind.OTHER},
    )
    assert response.status_code == 403
    assert Organisation.objects.count() == before


@pytest.mark.django_db
def test_a_refused_management_page_is_in_the_access_log(client, users_by_role):
    """The pages are guarded by `access.decorators.allowed_if`: a refusal is logged."""
    from droomplan.audit.models import AccessLogEntry, Outcome

    coach = users_by_role[Role.COACH]
    client.force_login(coach)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    entry = AccessLogEntry.objects.get(outcome=Outcome.DENIED)
    assert (entry.user, entry.object_type) == (coach, "user")


# --- Organisations ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_organisation_list_shows_details_and_member_count(admin_client, trajekt):
    MembershipFactory.create_batch(2, organisation=trajekt, role=Role.COACH)
    member = MembershipFactory(organisation=trajekt, role=Role.PARTNER).user
    MembershipFactory(organisation=trajekt, role=Role.COACH, user=member)  # counted once
    OrganisationFactory(code="oud", name="Oude stichting", is_active=False)
    response = admin_client.get(reverse("accounts:organisation_list"))
    rows = {o.code: o for o in response.context["organisations"]}
    assert rows["trajekt"].member_count == 3
    assert rows["oud"].member_count == 0
    content = response.content.decode()
    assert "Trajekt" in content and "Sociaal werk" in content
    assert "Inactief" in content  # status in words, not only colour


@pytest.mark.django_db
def test_organisation_list_empty_state_says_what_to_do(client, make_user):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    # The admin's own organisation exists; remove the membership's PROTECT by deleting it.
    Membership.objects.all().delete()
    Organisation.objects.all().delete()
    admin.memberships.create(role=Role.ADMIN, organisation=None)  # not a valid setup,
    # but roles of null organisations still count: enough to see the empty page.
    response = client.get(reverse("accounts:organisation_list"))
    assert "Er zijn nog geen organisaties" in response.content.decode()


@pytest.mark.django_db
def test_organisation_list_query_count_does_not_grow(admin_client, django_assert_num_queries):
    admin_client.get(reverse("accounts:organisation_list"))  # the session's first request
    for organisations in (2, 8):
        for _ in range(organisations):
            MembershipFactory(organisation=OrganisationFactory())
        with django_assert_num_queries(5):
            assert admin_client.get(reverse("accounts:organisation_list")).status_code == 200


@pytest.mark.django_db
def test_create_organisation(admin_client):
    response = admin_client.post(
        reverse("accounts:organisation_create"),
        {
            "code": "MIK",
            "name": "MIK Kinderopvang",
            "kind": OrganisationKind.CHILDCARE,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation_list")
    organisation = Organisation.objects.get(code="mik")
    assert organisation.name == "MIK Kinderopvang"
    assert organisation.kind == OrganisationKind.CHILDCARE
    assert organisation.is_active
    page = admin_client.get(response["Location"]).content.decode()
    assert "MIK Kinderopvang" in page and "toegevoegd" in page


@pytest.mark.django_db
def test_edit_organisation_can_deactivate(admin_client, trajekt):
    response = admin_client.post(
        reverse("accounts:organisation_edit", args=[trajekt.pk]),
        {"code": "trajekt", "name": "Trajekt Maastricht", "kind": OrganisationKind.SOCIAL_WORK},
    )
    assert response.status_code == 302
    trajekt.refresh_from_db()
    assert trajekt.name == "Trajekt Maastricht"
    assert not trajekt.is_active


@pytest.mark.django_db
def test_edit_organisation_form_shows_current_values(admin_client, trajekt):
    content = admin_client.get(
        reverse("accounts:organisation_edit", args=[trajekt.pk])
    ).content.decode()
    assert 'value="trajekt"' in content
    assert 'value="Trajekt"' in content


@pytest.mark.django_db
def test_duplicate_organisation_code_is_refused(admin_client, trajekt):
    before = Organisation.objects.count()
    response = admin_client.post(
        reverse("accounts:organisation_create"),
        {"code": "trajekt", "name": "Tweede Trajekt", "kind": OrganisationKind.SOCIAL_WORK},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Er is al een organisatie met deze code" in content
    assert 'value="Tweede Trajekt"' in content
    assert 'aria-invalid="true"' in content
    assert Organisation.objects.count() == before


@pytest.mark.django_db
def test_bad_organisation_code_is_refused(admin_client, trajekt):
    other = OrganisationFactory(code="mik", name="MIK")
    response = admin_client.post(
        reverse("accounts:organisation_edit", args=[other.pk]),
        {"code": "trajekt", "name": "MIK nieuw", "kind": OrganisationKind.CHILDCARE},
    )
    assert response.status_code == 200
    assert "Er is al een organisatie met deze code" in response.content.decode()
    other.refresh_from_db()
    assert (other.code, other.name) == ("mik", "MIK")
    response = admin_client.post(
        reverse("accounts:organisation_create"),
        {"code": "met spaties!", "name": "X", "kind": OrganisationKind.OTHER},
    )
    assert "Gebruik alleen kleine letters" in response.content.decode()
    assert not Organisation.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_missing_organisation_edit_is_404(admin_client):
    assert admin_client.get(reverse("accounts:organisation_edit", args=[999999])).status_code == 404


# --- User list -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_list_shows_memberships(admin_client, trajekt):
    user = UserFactory(first_name="Anna", last_name="Jansen", username="ajansen")
    MembershipFactory(user=user, organisation=trajekt, role=Role.COACH)
    MembershipFactory(user=user, organisation=trajekt, role=Role.PROGRAMME_LEAD)
    content = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "Anna Jansen" in content
    assert "Coach · Trajekt" in content
    assert "Projectleider · Trajekt" in content


@pytest.mark.django_db
def test_user_list_search_and_filters(admin_client, trajekt):
    mik = OrganisationFactory(code="mik", name="MIK")
    anna = UserFactory(first_name="Anna", last_name="Jansen", username="ajansen")
    MembershipFactory(user=anna, organisation=trajekt, role=Role.COACH)
    bram = UserFactory(first_name="Bram", last_name="Peters", email="bram@mik.example")
    MembershipFactory(user=bram, organisation=mik, role=Role.PARTNER)
    MembershipFactory(user=bram, organisation=trajekt, role=Role.ANALYST)

    def found(**params) -> set[str]:
        response = admin_client.get(reverse("accounts:user_list"), params)
        assert response.status_code == 200
        return {u.username for u in response.context["page"].object_list}

    assert found(q="anna jans") == {"ajansen"}
    assert found(q="MIK.example") == {bram.username}
    assert found(q="AJANSEN") == {"ajansen"}
    assert found(role=Role.COACH) == {"ajansen"}
    assert found(organisation=mik.pk) == {bram.username}
    assert found(organisation=trajekt.pk) == {"ajansen", bram.username}
    assert found(role=Role.PARTNER, organisation=trajekt.pk) == set()
    assert found(role=Role.COACH, organisation=trajekt.pk, q="anna") == {"ajansen"}
    empty = admin_client.get(reverse("accounts:user_list"), {"q": "niemand"}).content.decode()
    assert "Geen gebruikers gevonden" in empty
    assert 'value="niemand"' in empty  # the search box keeps what was typed


@pytest.mark.django_db
def test_user_list_ignores_bad_filter_values(admin_client):
    response = admin_client.get(reverse("accounts:user_list"), {"role": "king", "page": "x"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_user_list_query_count_does_not_grow(admin_client, django_assert_num_queries):
    admin_client.get(reverse("accounts:user_list"))  # the session's first request saves it
    for users in (2, 8):
        for _ in range(users):
            user = UserFactory()
            MembershipFactory(user=user, role=Role.COACH)
            MembershipFactory(user=user, role=Role.PARTNER)
        with django_assert_num_queries(8):
            assert admin_client.get(reverse("accounts:user_list")).status_code == 200
    filtered = admin_client.get(reverse("accounts:user_list"), {"role": Role.COACH, "q": "user"})
    assert filtered.status_code == 200


# --- Create user -----------------------------------------------------------------------------


def user_create_data(**overrides) -> dict:
    data = {
        "username": "lvdberg",
        "first_name": "Lisa",
        "last_name": "van den Berg",
        "email": "lisa@trajekt.example",
        "is_active": "on",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_create_user_with_role(admin_client, trajekt):
    data = user_create_data(**formset_data(rows=[(Role.COACH, trajekt)]))
    response = admin_client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 302
    user = User.objects.get(username="lvdberg")
    assert user.get_full_name() == "Lisa van den Berg"
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert [(m.role, m.organisation) for m in user.memberships.all()] == [(Role.COACH, trajekt)]


@pytest.mark.django_db
def test_create_participant_without_organisation(admin_client):
    data = user_create_data(username="moeder1", **formset_data(rows=[(Role.PARTICIPANT, None)]))
    assert admin_client.post(reverse("accounts:user_create"), data).status_code == 302
    membership = User.objects.get(username="moeder1").memberships.get()
    assert membership.role == Role.PARTICIPANT
    assert membership.organisation is None


@pytest.mark.django_db
def test_create_user_without_roles_and_empty_extra_row(admin_client):
    data = user_create_data(**formset_data(rows=[("", None)]))
    assert admin_client.post(reverse("accounts:user_create"), data).status_code == 302
    assert not User.objects.get(username="lvdberg").memberships.exists()


@pytest.mark.django_db
def test_create_user_form_has_an_empty_role_row(admin_client):
    content = admin_client.get(reverse("accounts:user_create")).content.decode()
    assert 'name="memberships-0-role"' in content
    assert 'name="memberships-TOTAL_FORMS"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "Iets-anders-2025"}, "De twee wachtwoorden zijn niet hetzelfde"),
        ({"password1": "kort1", "password2": "kort1"}, "te kort"),
        ({"password1": "12345678901", "password2": "12345678901"}, "alleen cijfers"),
        ({"password1": "", "password2": ""}, "verplicht"),
        ({"username": "beheerder"}, "Er is al een gebruiker met deze gebruikersnaam"),
    ],
)
def test_create_user_bad_input(admin_client, trajekt, overrides, message):
    before = User.objects.count()
    data = user_create_data(**overrides, **formset_data(rows=[(Role.COACH, trajekt)]))
    response = admin_client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'value="Lisa"' in content
    assert 'value="van den Berg"' in content
    assert User.objects.count() == before
    assert not Membership.objects.filter(organisation=trajekt).exists()


@pytest.mark.django_db
def test_create_user_staff_role_needs_organisation(admin_client, trajekt):
    before = (User.objects.count(), Membership.objects.count())
    data = user_create_data(**formset_data(rows=[(Role.COACH, None)]))
    response = admin_client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kies de organisatie waar deze persoon werkt" in content
    assert 'value="lvdberg"' in content
    assert '<option value="coach" selected>' in content
    assert (User.objects.count(), Membership.objects.count()) == before


@pytest.mark.django_db
def test_create_user_same_role_twice_is_refused(admin_client, trajekt):
    data = user_create_data(**formset_data(rows=[(Role.COACH, trajekt), (Role.COACH, trajekt)]))
    response = admin_client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="lvdberg").exists()


# --- Edit user -------------------------------------------------------------------------------


@pytest.fixture
def coach(trajekt):
    user = UserFactory(username="coach1", first_name="Sanne", last_name="Smeets")
    MembershipFactory(user=user, organisation=trajekt, role=Role.COACH)
    return user


def user_edit_data(user: User, **overrides) -> dict:
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "new_password1": "",
        "new_password2": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if not (k == "is_active" and v == "")}


@pytest.mark.django_db
def test_edit_user_details_keeps_password_when_empty(admin_client, coach):
    membership = coach.memberships.get()
    data = user_edit_data(
        coach,
        first_name="Sanne",
        last_name="Smeets-Ramakers",
        email="s@example.org",
        **formset_data(existing=[(membership, False)]),
    )
    response = admin_client.post(reverse("accounts:user_edit", args=[coach.pk]), data)
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.last_name == "Smeets-Ramakers"
    assert coach.email == "s@example.org"
    assert coach.check_password(TEST_PASSWORD)
    assert list(coach.memberships.all()) == [membership]  # unchanged row is kept as it is


@pytest.mark.django_db
def test_edit_user_sets_new_password_and_deactivates(admin_client, coach):
    data = user_edit_data(
        coach,
        is_active="",
        new_password1=NEW_PASSWORD,
        new_password2=NEW_PASSWORD,
        **formset_data(existing=[(coach.memberships.get(), False)]),
    )
    assert (
        admin_client.post(reverse("accounts:user_edit", args=[coach.pk]), data).status_code == 302
    )
    coach.refresh_from_db()
    assert coach.check_password(NEW_PASSWORD)
    assert not coach.is_active


@pytest.mark.django_db
def test_edit_user_adds_and_removes_roles(admin_client, coach, trajekt):
    mik = OrganisationFactory(code="mik", name="MIK")
    old = coach.memberships.get()
    data = user_edit_data(
        coach,
        **formset_data(existing=[(old, True)], rows=[(Role.PARTNER, mik)]),
    )
    assert (
        admin_client.post(reverse("accounts:user_edit", args=[coach.pk]), data).status_code == 302
    )
    assert [(m.role, m.organisation) for m in coach.memberships.all()] == [(Role.PARTNER, mik)]


@pytest.mark.django_db
def test_edit_user_shows_roles(admin_client, coach):
    content = admin_client.get(reverse("accounts:user_edit", args=[coach.pk])).content.decode()
    assert "coach1" in content
    assert '<option value="coach" selected>' in content
    assert 'name="memberships-1-role"' in content  # one empty row to add a role


@pytest.mark.django_db
def test_edit_user_password_mismatch_changes_nothing(admin_client, coach):
    membership = coach.memberships.get()
    data = user_edit_data(
        coach,
        first_name="Nieuw",
        new_password1=NEW_PASSWORD,
        new_password2=NEW_PASSWORD + "x",
        **formset_data(existing=[(membership, True)]),
    )
    response = admin_client.post(reverse("accounts:user_edit", args=[coach.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "De twee wachtwoorden zijn niet hetzelfde" in content
    assert 'value="Nieuw"' in content
    coach.refresh_from_db()
    assert coach.first_name == "Sanne"
    assert coach.check_password(TEST_PASSWORD)
    assert coach.memberships.exists()


@pytest.mark.django_db
def test_edit_user_staff_role_without_organisation_changes_nothing(admin_client, coach):
    membership = coach.memberships.get()
    data = user_edit_data(
        coach,
        last_name="Anders",
        **formset_data(existing=[(membership, False)], rows=[(Role.BOARD, None)]),
    )
    response = admin_client.post(reverse("accounts:user_edit", args=[coach.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kies de organisatie waar deze persoon werkt" in content
    assert 'value="Anders"' in content
    coach.refresh_from_db()
    assert coach.last_name == "Smeets"
    assert list(coach.memberships.values_list("role", flat=True)) == [Role.COACH]


@pytest.mark.django_db
def test_admin_cannot_lock_themselves_out(admin_client, admin):
    membership = admin.memberships.get()
    url = reverse("accounts:user_edit", args=[admin.pk])
    response = admin_client.post(
        url, user_edit_data(admin, is_active="", **formset_data(existing=[(membership, False)]))
    )
    assert response.status_code == 200
    assert "U kunt uw eigen account niet uitzetten" in response.content.decode()
    response = admin_client.post(
        url, user_edit_data(admin, **formset_data(existing=[(membership, True)]))
    )
    assert response.status_code == 200
    assert "U kunt uw eigen rol als beheerder niet weghalen" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    assert admin.memberships.filter(role=Role.ADMIN).exists()


@pytest.mark.django_db
def test_admin_changing_own_password_stays_logged_in(admin_client, admin):
    data = user_edit_data(
        admin,
        new_password1=NEW_PASSWORD,
        new_password2=NEW_PASSWORD,
        **formset_data(existing=[(admin.memberships.get(), False)]),
    )
    assert (
        admin_client.post(reverse("accounts:user_edit", args=[admin.pk]), data).status_code == 302
    )
    assert admin_client.get(reverse("accounts:user_list")).status_code == 200


@pytest.mark.django_db
def test_english_interface(admin_client):
    admin_client.cookies["droomplan_language"] = "en"
    content = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "Add user" in content
