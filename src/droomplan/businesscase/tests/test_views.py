"""The business-case page, drill-down, downloads and input pages: who may, what each role
sees, small cells, audit, bad input, stale forms and exact query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.businesscase import computation
from droomplan.businesscase.models import Assumption, PartnerContribution, Spending
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.outcomes.metrics import Selection
from droomplan.programmes.tests.factories import CohortFactory

from .factories import PartnerContributionFactory, SpendingFactory
from .test_formulas import START, D, worked_example

URL = reverse("businesscase:report")
QUERY = {"as_of": D.isoformat()}
# The outcome facts switch PostgreSQL's JIT off with one extra statement (docs/outcomes.md).
JIT = 1 if connection.vendor == "postgresql" else 0
ALLOWED = [Role.PROGRAMME_LEAD, Role.BOARD, Role.ANALYST]
REFUSED = [Role.COACH, Role.PARTNER, Role.MUNICIPAL_CONTACT, Role.ADMIN, Role.PARTICIPANT]


def login(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def denied_count():
    return AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()


@pytest.fixture
def example(programme):
    return worked_example(programme)


def add_mothers(programme, cohort, n, start=START):
    return [
        ParticipantFactory(programme=programme, cohort=cohort, active=True, start_date=start)
        for _ in range(n)
    ]


@pytest.mark.parametrize("role", ALLOWED)
def test_report_roles_open_the_page(client, example, role):
    login(client, role)
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Businesscase" in body
    assert example[0].full_name not in body  # never names on the overview
    if role == Role.PROGRAMME_LEAD:
        assert "Kosten en opbrengsten" in body
        assert "7,01" in body  # the worked example's net return per euro (central)
        assert reverse("businesscase:participants", args=["work"]) in body
    else:
        # Two mothers: too few to show outside the programme.
        assert "7,01" not in body
        assert reverse("businesscase:participants", args=["work"]) not in body


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused_and_logged(client, example, role):
    login(client, role)
    for url in [
        URL,
        reverse("businesscase:download", args=["pdf"]),
        reverse("businesscase:participants", args=["work"]),
        reverse("businesscase:assumptions"),
        reverse("businesscase:contributions"),
    ]:
        before = denied_count()
        assert client.get(url, QUERY).status_code == 403, url
        assert denied_count() == before + 1, url


@pytest.mark.parametrize("role", [Role.BOARD, Role.ANALYST])
def test_board_and_analysts_get_no_drill_down_and_no_inputs(client, example, role):
    login(client, role)
    for url in [
        reverse("businesscase:participants", args=["work"]),
        reverse("businesscase:assumptions"),
        reverse("businesscase:assumption_edit", args=["hourly_rate"]),
        reverse("businesscase:contributions"),
    ]:
        before = denied_count()
        assert client.get(url, QUERY).status_code == 403, url
        assert denied_count() == before + 1


def test_anonymous_goes_to_the_login_page(client, example):
    response = client.get(URL)
    assert response.status_code == 302
    assert "inloggen" in response["Location"]


def test_small_cohorts_are_hidden_outside_the_programme(programme):
    big = CohortFactory(programme=programme, code="a", name="Groep A")
    small = CohortFactory(programme=programme, code="b", name="Groep B")
    add_mothers(programme, big, 6)
    add_mothers(programme, small, 2)
    case = computation.build(Selection(programme), D, external=True)
    assert case.as_of == datetime.date(2025, 12, 31) or case.as_of.month in (3, 6, 9, 12)
    assert case.total.shown and case.total.population.denominator == 8
    rows = {r.code: r for r in case.cohorts}
    assert rows["b"].population.suppressed
    assert rows["a"].population.hidden  # otherwise total − A gives B away
    assert case.mothers is None
    internal = computation.build(Selection(programme), D, external=False)
    assert all(r.shown for r in internal.cohorts)
    with pytest.raises(ValueError):
        computation.build(Selection(programme), D, external=True, with_mothers=True)


def test_board_sees_the_quarter_end_and_the_masks(client, programme):
    big = CohortFactory(programme=programme, code="a", name="Groep A")
    small = CohortFactory(programme=programme, code="b", name="Groep B")
    add_mothers(programme, big, 6)
    add_mothers(programme, small, 2)
    login(client, Role.BOARD)
    body = client.get(URL, {"as_of": "2025-11-15"}).content.decode()
    assert "30 september 2025" in body
    assert "&lt; 5" in body


def test_drill_down_lists_the_mothers_and_logs_them(client, example):
    anna, bea = example
    lead = login(client, Role.PROGRAMME_LEAD)
    before = AccessLogEntry.objects.filter(user=lead, action=Action.LIST).count()
    response = client.get(reverse("businesscase:participants", args=["work"]), QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    assert anna.ref in body and anna.full_name in body
    assert bea.ref not in body  # volunteering is not paid work
    assert "6,0 maanden" in body
    assert AccessLogEntry.objects.filter(user=lead, action=Action.LIST).count() == before + 1
    housing = client.get(reverse("businesscase:participants", args=["housing"]), QUERY)
    assert bea.ref in housing.content.decode()
    assert client.get(reverse("businesscase:participants", args=["nope"])).status_code == 404


def test_bad_input_is_a_form_error(client, example):
    login(client, Role.PROGRAMME_LEAD)
    response = client.get(URL, {"as_of": "2025-02-30"})
    assert response.status_code == 400
    assert "Vul een datum in" in response.content.decode() or "datum" in response.content.decode()
    assert client.get(reverse("businesscase:download", args=["doc"])).status_code == 404


@pytest.mark.parametrize("role", ALLOWED)
def test_downloads(client, example, role):
    login(client, role)
    pdf = client.get(reverse("businesscase:download", args=["pdf"]), QUERY)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("businesscase:download", args=["xlsx"]), QUERY)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "Aannames" in book.sheetnames
    text = " ".join(
        str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value
    )
    assert example[0].full_name not in text and example[0].ref not in text
    assert "hourly_rate" in text
    assert AccessLogEntry.objects.filter(object_type="business_case", action=Action.EXPORT).exists()


def test_xlsx_cells_that_look_like_formulas_stay_text(client, programme):
    cohort = CohortFactory(programme=programme, code="x", name='=HYPERLINK("http://x","Klik")')
    add_mothers(programme, cohort, 6)
    login(client, Role.PROGRAMME_LEAD)
    xlsx = client.get(reverse("businesscase:download", args=["xlsx"]), QUERY)
    sheet = load_workbook(io.BytesIO(xlsx.content))["Per groep"]
    cell = sheet.cell(row=2, column=2)
    assert cell.value.startswith("=HYPERLINK")
    assert cell.data_type == "s" and cell.quotePrefix


def test_page_queries_do_not_grow(client, programme, django_assert_num_queries):
    cohort = CohortFactory(programme=programme, code="q", name="Groep Q")
    login(client, Role.PROGRAMME_LEAD)
    client.get(URL, QUERY)  # the session's first request saves it (accounts.middleware)
    for n in (2, 8):
        for mother in add_mothers(programme, cohort, n):
            SpendingFactory(participant=mother)
        # 23: one more than before the municipality breakdown (its labels, one query).
        with django_assert_num_queries(23 + JIT):
            assert client.get(URL, QUERY).status_code == 200


def test_board_page_queries(client, programme, django_assert_num_queries):
    cohort = CohortFactory(programme=programme, code="q", name="Groep Q")
    add_mothers(programme, cohort, 6)
    login(client, Role.BOARD)
    # 23: no municipality rows outside the programme (so no query for their labels).
    with django_assert_num_queries(23 + JIT):
        assert client.get(URL, QUERY).status_code == 200


# --- Inputs ---------------------------------------------------------------------------------


def test_lead_changes_an_assumption_and_the_history_is_kept(client, example, programme):
    lead = login(client, Role.PROGRAMME_LEAD)
    url = reverse("businesscase:assumption_edit", args=["hourly_rate"])
    page = client.get(url)
    assert page.status_code == 200
    latest = Assumption.objects.filter(programme=programme, code="hourly_rate").latest("pk")
    response = client.post(
        url,
        {
            "low": "70",
            "central": "90",
            "high": "110",
            "valid_from": "2025-12-01",
            "source": "Begroting 2026",
            "note": "nieuwe cao",
            "based_on": latest.pk,
        },
    )
    assert response.status_code == 302
    versions = Assumption.objects.filter(programme=programme, code="hourly_rate")
    assert versions.count() == 2
    assert versions.latest("pk").created_by == lead
    assert AccessLogEntry.objects.filter(object_type="assumption", user=lead).exists()
    history = client.get(reverse("businesscase:assumptions")).content.decode()
    assert "nieuwe cao" in history
    # The report now uses the new value.
    page = client.get(URL, QUERY).content.decode()
    assert "Begroting 2026" in page
    # ... and the figures change: costs 4.75 × 1.5 × 90 + 600 + 500 + 10 × 90 + 250 = 2,891.25,
    # net returns unchanged 19,066.44 → 6.59 per euro instead of 7.01 (central).
    assert "6,59" in page and "7,01" not in page
    # A form opened on the old version is refused.
    stale = client.post(
        url,
        {
            "low": "1",
            "central": "2",
            "high": "3",
            "valid_from": "2025-12-01",
            "based_on": latest.pk,
        },
    )
    assert stale.status_code == 400
    assert "Iemand anders" in stale.content.decode()
    assert versions.count() == 2


def test_assumption_bad_input(client, example):
    login(client, Role.PROGRAMME_LEAD)
    url = reverse("businesscase:assumption_edit", args=["deadweight_work"])
    for data in (
        {"low": "30", "central": "20", "high": "40", "valid_from": "2025-01-01"},
        {"low": "10", "central": "", "high": "40", "valid_from": "2025-01-01"},
        {"low": "10", "central": "20", "high": "140", "valid_from": "2025-01-01"},
        {"low": "tien", "central": "20", "high": "40", "valid_from": "2025-01-01"},
        {"low": "10", "central": "20", "high": "40", "valid_from": "2025-02-30"},
    ):
        assert client.post(url, data).status_code == 400, data
    assert client.get(reverse("businesscase:assumption_edit", args=["nope"])).status_code == 404


def test_contributions(client, programme):
    lead = login(client, Role.PROGRAMME_LEAD)
    bank = OrganisationFactory(name="Kredietbank Limburg")
    url = reverse("businesscase:contributions")
    assert (
        client.post(url, {"organisation": bank.pk, "year": 2025, "hours": "12,5"}).status_code
        == 302
    )
    contribution = PartnerContribution.objects.get()
    assert contribution.hours == Decimal("12.5") and contribution.created_by == lead
    again = client.post(url, {"organisation": bank.pk, "year": 2025, "euros": "100"})
    assert again.status_code == 400
    assert client.post(url, {"organisation": bank.pk, "year": 2024}).status_code == 400
    edit = reverse("businesscase:contribution_edit", args=[contribution.pk])
    assert client.post(edit, {"euros": "1.500", "version": 1}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.euros == Decimal("1500") and contribution.version == 2
    stale = client.post(edit, {"euros": "10", "version": 1})
    assert stale.status_code == 400
    assert client.post(edit, {"delete": "1"}).status_code == 302
    assert not PartnerContribution.objects.exists()
    assert AccessLogEntry.objects.filter(object_type="partner_contribution").count() == 3


# --- The spending ledger ----------------------------------------------------------------------


def test_coach_keeps_the_ledger_with_audit(client, programme):
    coach = login(client, Role.COACH)
    mother = ParticipantFactory(programme=programme, coach=coach, active=True)
    ledger = reverse("businesscase_case:spending_list", args=[mother.pk])
    create = reverse("businesscase_case:spending_create", args=[mother.pk])
    response = client.post(
        create,
        {"date": "2025-03-01", "amount": "1.250,50", "purpose": "course_fee", "description": "x"},
    )
    assert response.status_code == 302 and response["Location"] == ledger
    spending = Spending.objects.get()
    assert spending.amount == Decimal("1250.50")
    body = client.get(ledger).content.decode()
    assert "1.250,50" in body
    edit = reverse("businesscase_case:spending_edit", args=[mother.pk, spending.pk])
    data = {"date": "2025-03-02", "amount": "100", "purpose": "childcare", "version": 1}
    assert client.post(edit, data).status_code == 302
    assert client.post(edit, data).status_code == 400  # opened on version 1: stale
    future = {"date": "2999-01-01", "amount": "100", "purpose": "childcare", "version": 2}
    assert client.post(edit, future).status_code == 400
    assert client.post(edit, {"delete": "1"}).status_code == 302
    actions = set(
        AccessLogEntry.objects.filter(object_type="spending", participant=mother).values_list(
            "action", flat=True
        )
    )
    assert {Action.CREATE, Action.UPDATE, Action.DELETE, Action.VIEW} <= actions


def test_another_coach_cannot_see_the_ledger(client, programme):
    mother = ParticipantFactory(programme=programme, coach=UserFactory(role=Role.COACH))
    spending = SpendingFactory(participant=mother)
    login(client, Role.COACH)
    before = denied_count()
    for url in (
        reverse("businesscase_case:spending_list", args=[mother.pk]),
        reverse("businesscase_case:spending_edit", args=[mother.pk, spending.pk]),
    ):
        assert client.get(url).status_code == 404
    assert denied_count() == before + 2


def test_ledger_queries(client, programme, django_assert_num_queries):
    coach = login(client, Role.COACH)
    mother = ParticipantFactory(programme=programme, coach=coach, active=True)
    url = reverse("businesscase_case:spending_list", args=[mother.pk])
    client.get(url)  # the session's first request saves it (accounts.middleware)
    for n in (1, 6):
        for _ in range(n):
            SpendingFactory(participant=mother)
        with django_assert_num_queries(11):
            assert client.get(url).status_code == 200


def test_partner_contribution_counts_in_the_report(programme):
    add_mothers(programme, None, 2)
    PartnerContributionFactory(programme=programme, year=2025, hours=None, euros=Decimal("730"))
    case = computation.build(Selection(programme), datetime.date(2025, 6, 30), external=False)
    assert case.total.valued["central"].costs["partners"] == pytest.approx(730 * 181 / 365)


def test_drill_down_and_input_pages_queries(client, programme, django_assert_num_queries):
    cohort = CohortFactory(programme=programme, code="q", name="Groep Q")
    login(client, Role.PROGRAMME_LEAD)
    pages = [
        # 22: the drill-down builds no breakdowns (no cohort labels query any more).
        # (+2: the access log checks who was listed today before it logs the new mothers, and
        # again under the chain's lock.)
        (reverse("businesscase:participants", args=["spending"]), 24 + JIT),
        (reverse("businesscase:assumptions"), 7),
        (reverse("businesscase:contributions"), 7),
    ]
    client.get(pages[0][0], QUERY)  # the session's first request saves it
    for n in (2, 6):
        for mother in add_mothers(programme, cohort, n):
            SpendingFactory(participant=mother)
        PartnerContributionFactory(programme=programme, year=2020 + n)
        for url, queries in pages:
            with django_assert_num_queries(queries):
                assert client.get(url, QUERY).status_code == 200
