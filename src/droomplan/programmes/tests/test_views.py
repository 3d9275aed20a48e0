"""Programme management: programmes, municipalities and cohorts."""

import datetime

import pytest
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.programmes.models import Cohort, Municipality, Programme
from droomplan.programmes.tests.factories import CohortFactory, ProgrammeFactory

ALLOWED = [Role.ADMIN, Role.PROGRAMME_LEAD]
NOT_ALLOWED = [role for role in Role if role not in ALLOWED]
PAGES = [
    "programme_list",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "cohort_create",
    "cohort_edit",
    "municipality_list",
    "municipality_create",
    "municipality_edit",
]

# The programme's other settings, at their defaults.
SCHEDULE = {
    "baseline_window_weeks": "4",
    "follow_up_months": "6",
    "retention_years": "2",
    "signal_first_contact_days": "5",
    "signal_retention_months": "6",
    "escalation_deadline_days": "10",
    "contact_gap_weeks": "3",
    "small_cell_threshold": "5",
}


@pytest.fixture
def programme(db):
    return ProgrammeFactory(code="droommoeders", name="Droommoeders Zuid-Limburg")


@pytest.fixture
def cohort(programme):
    return CohortFactory(
        programme=programme,
        code="2025-voorjaar",
        name="Groep voorjaar 2025",
        start_date=datetime.date(2025, 3, 1),
    )


@pytest.fixture
def maastricht(db):
    return Municipality.objects.get(cbs_code="GM0935")


def page_url(name: str, programme: Programme, cohort: Cohort, municipality: Municipality) -> str:
    args = {
        "programme_detail": [programme.pk],
        "programme_edit": [programme.pk],
        "cohort_create": [programme.pk],
        "cohort_edit": [programme.pk, cohort.pk],
        "municipality_edit": [municipality.pk],
    }.get(name, [])
    return reverse(f"programmes:{name}", args=args)


@pytest.fixture
def lead_client(client, make_user):
    client.force_login(make_user(Role.PROGRAMME_LEAD))
    return client


def get_ok(client, url: str) -> None:
    assert client.get(url).status_code == 200


# --- Access ----------------------------------------------------------------------------------


def test_url_paths_are_dutch():
    assert reverse("programmes:programme_list") == "/beheer/programmas/"
    assert reverse("programmes:cohort_create", args=[3]) == "/beheer/programmas/3/groepen/nieuw/"
    assert reverse("programmes:municipality_list") == "/beheer/gemeenten/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALLOWED)
@pytest.mark.parametrize("page", PAGES)
def test_allowed_roles_can_open_every_page(
    client, users_by_role, programme, cohort, maastricht, role, page
):
    client.force_login(users_by_role[role])
    response = client.get(page_url(page, programme, cohort, maastricht))
    assert response.status_code == 200
    assert "utrecht-heading-1" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ALLOWED)
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_get_403(client, users_by_role, programme, cohort, maastricht, role, page):
    client.force_login(users_by_role[role])
    response = client.get(page_url(page, programme, cohort, maastricht))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, programme, cohort, maastricht, page):
    url = page_url(page, programme, cohort, maastricht)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_other_roles_cannot_post(client, users_by_role, role):
    client.force_login(users_by_role[role])
    response = client.post(
        reverse("programmes:municipality_create"), {"cbs_code": "GM0917", "name": "Heerlen"}
    )
    assert response.status_code == 403
    assert not Municipality.objects.filter(cbs_code="GM0917").exists()


@pytest.mark.django_db
def test_cohort_of_another_programme_is_404(lead_client, cohort):
    other = ProgrammeFactory()
    url = reverse("programmes:cohort_edit", args=[other.pk, cohort.pk])
    assert lead_client.get(url).status_code == 404


# --- Programmes ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_programme_list(lead_client, programme, cohort):
    response = lead_client.get(reverse("programmes:programme_list"))
    row = response.context["programmes"].get(pk=programme.pk)
    assert (row.municipality_count, row.cohort_count) == (6, 1)
    assert "Droommoeders Zuid-Limburg" in response.content.decode()


@pytest.mark.django_db
def test_programme_list_empty_state(lead_client):
    content = lead_client.get(reverse("programmes:programme_list")).content.decode()
    assert "Er is nog geen programma" in content


@pytest.mark.django_db
def test_programme_list_query_count_does_not_grow(lead_client, django_assert_num_queries):
    url = reverse("programmes:programme_list")
    get_ok(lead_client, url)  # the session's first request saves it (accounts.middleware)
    for programmes in (2, 8):
        for _ in range(programmes):
            CohortFactory(programme=ProgrammeFactory())
        with django_assert_num_queries(5):
            get_ok(lead_client, url)


@pytest.mark.django_db
def test_programme_detail_lists_cohorts_with_constant_queries(
    lead_client, programme, django_assert_num_queries
):
    url = reverse("programmes:programme_detail", args=[programme.pk])
    content = lead_client.get(url).content.decode()
    assert "nog geen groepen" in content  # empty state says what to do
    assert "Maastricht" in content and "Vaals" in content
    for cohorts in (2, 8):
        CohortFactory.create_batch(cohorts, programme=programme)
        with django_assert_num_queries(7):  # the session was saved by the first request
            get_ok(lead_client, url)
    assert len(lead_client.get(url).context["cohorts"]) == 10


@pytest.mark.django_db
def test_create_programme(lead_client, maastricht):
    vaals = Municipality.objects.get(cbs_code="GM0981")
    response = lead_client.post(
        reverse("programmes:programme_create"),
        {
            "code": "Droommoeders-2",
            "name": "Droommoeders Heuvelland",
            "max_age_at_intake": "25",
            "cohort_size": "12",
            **SCHEDULE,
            "area-municipalities": [maastricht.pk, vaals.pk],
        },
    )
    programme = Programme.objects.get(code="droommoeders-2")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:programme_detail", args=[programme.pk])
    assert (programme.max_age_at_intake, programme.cohort_size) == (25, 12)
    assert set(programme.municipalities.all()) == {maastricht, vaals}


@pytest.mark.django_db
def test_edit_programme_shows_municipalities_as_checkboxes(lead_client, programme):
    content = lead_client.get(
        reverse("programmes:programme_edit", args=[programme.pk])
    ).content.decode()
    assert content.count('type="checkbox" name="area-municipalities"') == 6
    assert "<legend" in content
    assert "utrecht-radio-button" not in content
    assert 'value="droommoeders"' in content


@pytest.mark.django_db
def test_edit_programme(lead_client, programme, maastricht):
    response = lead_client.post(
        reverse("programmes:programme_edit", args=[programme.pk]),
        {
            "code": "droommoeders",
            "name": "Droommoeders Maastricht",
            "max_age_at_intake": "27",
            "cohort_size": "8",
            **SCHEDULE,
            "contact_gap_weeks": "4",
            "area-municipalities": [maastricht.pk],
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Droommoeders Maastricht"
    assert programme.cohort_size == 8
    assert programme.contact_gap_weeks == 4
    assert list(programme.municipalities.all()) == [maastricht]


@pytest.mark.django_db
def test_edit_programme_bad_input_changes_nothing(lead_client, programme, maastricht):
    ProgrammeFactory(code="andere")
    response = lead_client.post(
        reverse("programmes:programme_edit", args=[programme.pk]),
        {
            "code": "andere",
            "name": "Nieuwe naam",
            "max_age_at_intake": "120",
            "cohort_size": "10",
            **SCHEDULE,
            "area-municipalities": [maastricht.pk],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Er is al een programma met deze code" in content
    assert 'value="Nieuwe naam"' in content
    assert "120" in content
    assert f'value="{maastricht.pk}" checked' in content or "checked" in content
    programme.refresh_from_db()
    assert programme.name == "Droommoeders Zuid-Limburg"
    assert programme.code == "droommoeders"
    assert programme.municipalities.count() == 6


# --- Cohorts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_cohort(lead_client, programme):
    response = lead_client.post(
        reverse("programmes:cohort_create", args=[programme.pk]),
        {"code": "2025-najaar", "name": "Groep najaar 2025", "start_date": "2025-09-15"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:programme_detail", args=[programme.pk])
    cohort = programme.cohorts.get(code="2025-najaar")
    assert cohort.start_date == datetime.date(2025, 9, 15)
    page = lead_client.get(response["Location"]).content.decode()
    assert "Groep najaar 2025" in page


@pytest.mark.django_db
def test_same_cohort_code_in_another_programme_is_fine(lead_client, cohort):
    other = ProgrammeFactory()
    response = lead_client.post(
        reverse("programmes:cohort_create", args=[other.pk]),
        {"code": cohort.code, "name": "Andere groep", "start_date": "2025-01-01"},
    )
    assert response.status_code == 302
    assert other.cohorts.get().code == cohort.code


@pytest.mark.django_db
def test_duplicate_cohort_code_is_refused(lead_client, programme, cohort):
    before = Cohort.objects.count()
    response = lead_client.post(
        reverse("programmes:cohort_create", args=[programme.pk]),
        {"code": cohort.code, "name": "Dubbele groep", "start_date": "2025-05-01"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dit programma heeft al een groep met deze code" in content
    assert 'value="Dubbele groep"' in content
    assert 'value="2025-05-01"' in content
    assert Cohort.objects.count() == before


@pytest.mark.django_db
def test_edit_cohort(lead_client, programme, cohort):
    url = reverse("programmes:cohort_edit", args=[programme.pk, cohort.pk])
    assert 'value="2025-03-01"' in lead_client.get(url).content.decode()
    response = lead_client.post(
        url, {"code": cohort.code, "name": "Groep lente 2025", "start_date": "2025-04-01"}
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert (cohort.name, cohort.start_date) == ("Groep lente 2025", datetime.date(2025, 4, 1))


@pytest.mark.django_db
def test_edit_cohort_to_existing_code_changes_nothing(lead_client, programme, cohort):
    other = CohortFactory(programme=programme, code="2024-najaar", name="Oud")
    response = lead_client.post(
        reverse("programmes:cohort_edit", args=[programme.pk, other.pk]),
        {"code": cohort.code, "name": "Oud hernoemd", "start_date": "not a date"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dit programma heeft al een groep met deze code" in content
    assert "geldige datum" in content
    other.refresh_from_db()
    assert (other.code, other.name) == ("2024-najaar", "Oud")


# --- Municipalities --------------------------------------------------------------------------


@pytest.mark.django_db
def test_municipality_list_shows_the_six_from_the_migration(lead_client):
    response = lead_client.get(reverse("programmes:municipality_list"))
    content = response.content.decode()
    for name in ["Maastricht", "Eijsden-Margraten", "Gulpen-Wittem", "Meerssen", "Vaals"]:
        assert name in content
    assert "GM0994" in content


@pytest.mark.django_db
def test_municipality_list_query_count_does_not_grow(lead_client, django_assert_num_queries):
    url = reverse("programmes:municipality_list")
    get_ok(lead_client, url)  # the session's first request saves it (accounts.middleware)
    with django_assert_num_queries(5):
        get_ok(lead_client, url)
    for i in range(8):
        Municipality.objects.create(cbs_code=f"GM90{i:02d}", name=f"Gemeente {i}")
    ProgrammeFactory()  # links all municipalities
    with django_assert_num_queries(5):
        get_ok(lead_client, url)


@pytest.mark.django_db
def test_create_municipality_normalises_the_code(lead_client):
    response = lead_client.post(
        reverse("programmes:municipality_create"), {"cbs_code": " gm0917 ", "name": "Heerlen"}
    )
    assert response.status_code == 302
    assert Municipality.objects.get(cbs_code="GM0917").name == "Heerlen"


@pytest.mark.django_db
def test_edit_municipality(lead_client, maastricht):
    response = lead_client.post(
        reverse("programmes:municipality_edit", args=[maastricht.pk]),
        {"cbs_code": "GM0935", "name": "Gemeente Maastricht"},
    )
    assert response.status_code == 302
    maastricht.refresh_from_db()
    assert maastricht.name == "Gemeente Maastricht"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("0917", "Een CBS-gemeentecode is GM met vier cijfers"),
        ("GM91", "Een CBS-gemeentecode is GM met vier cijfers"),
        ("GM09170", "Een CBS-gemeentecode is GM met vier cijfers"),
        ("GM0935", "Er is al een gemeente met deze CBS-code"),
    ],
)
def test_bad_cbs_code_is_refused(lead_client, code, message):
    before = Municipality.objects.count()
    response = lead_client.post(
        reverse("programmes:municipality_create"), {"cbs_code": code, "name": "Heerlen"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'value="Heerlen"' in content
    assert Municipality.objects.count() == before


@pytest.mark.django_db
def test_the_leads_home_counts_the_coaches_who_can_coach(client, make_user):
    """`access.policy.staff.coaches()`: an active coach of an active organisation, once."""
    from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory

    UserFactory(role=Role.COACH)
    two_roles = UserFactory(role=Role.COACH)
    two_roles.memberships.create(role=Role.COACH, organisation=OrganisationFactory())
    UserFactory(role=Role.COACH, is_active=False)
    UserFactory(role=Role.COACH, role__organisation=OrganisationFactory(is_active=False))
    UserFactory(role=Role.PARTNER)
    client.force_login(make_user(Role.PROGRAMME_LEAD))
    response = client.get("/")
    lead_section = next(s for s in response.context["sections"] if s["role"] == Role.PROGRAMME_LEAD)
    assert lead_section["context"]["coach_count"] == 2


def _edit_data(**changes) -> dict:
    return {
        "code": "droommoeders",
        "name": "Droommoeders",
        "max_age_at_intake": "27",
        "cohort_size": "10",
        **SCHEDULE,
        **changes,
    }


@pytest.mark.django_db
def test_the_lead_sets_the_programmes_closing_days(lead_client, programme):
    url = reverse("programmes:programme_edit", args=[programme.pk])
    days = "29-12-2026\n2026-12-28\n\n29-12-2026"
    response = lead_client.post(url, _edit_data(closing_days=days))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.closing_days == ["2026-12-28", "2026-12-29"]
    assert programme.closed_days == {datetime.date(2026, 12, 28), datetime.date(2026, 12, 29)}
    assert "2026-12-28\n2026-12-29" in lead_client.get(url).content.decode()
    detail = lead_client.get(reverse("programmes:programme_detail", args=[programme.pk]))
    assert "28 dec 2026, 29 dec 2026" in detail.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, message",
    [("31-02-2026", "“31-02-2026” is geen datum"), ("01-01-1850", "1900")],
)
def test_a_closing_day_that_is_no_date_changes_nothing(lead_client, programme, text, message):
    programme.closing_days = ["2026-12-28"]
    programme.save()
    response = lead_client.post(
        reverse("programmes:programme_edit", args=[programme.pk]),
        _edit_data(name="Nieuwe naam", closing_days=f"29-12-2026\n{text}"),
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["closing_days"])
    programme.refresh_from_db()
    assert (programme.name, programme.closing_days) == ("Droommoeders Zuid-Limburg", ["2026-12-28"])
