"""The per-municipality breakdown (page, XLSX, PDF, JSON; small cells outside the programme)
and the business-case headline on the home page (cached by data version, exact queries)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.businesscase import computation, exports
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.outcomes.metrics import Selection
from droomplan.programmes.tests.factories import CohortFactory, MunicipalityFactory

from .factories import SpendingFactory
from .test_formulas import START, D, worked_example

pytestmark = pytest.mark.django_db
URL = reverse("businesscase:report")
HOME = reverse("core:home")
JIT = 1 if connection.vendor == "postgresql" else 0


def mothers(programme, cohort, municipality, n):
    return [
        ParticipantFactory(
            programme=programme,
            cohort=cohort,
            municipality=municipality,
            active=True,
            start_date=START,
        )
        for _ in range(n)
    ]


@pytest.fixture
def two_towns(programme):
    """Six mothers in Maastricht and two in Heerlen, one cohort, each with € 100 spending."""
    cohort = CohortFactory(programme=programme, code="a", name="Groep A")
    maastricht = MunicipalityFactory()
    heerlen = MunicipalityFactory(cbs_code="GM0917", name="Heerlen")
    for m in mothers(programme, cohort, maastricht, 6) + mothers(programme, cohort, heerlen, 2):
        SpendingFactory(participant=m, amount="100.00", date=datetime.date(2025, 3, 1))
    return maastricht, heerlen


# --- Per municipality ---------------------------------------------------------------------------


def test_municipality_rows_add_up_to_the_programme(programme, two_towns):
    case = computation.build(Selection(programme), D, external=False)
    rows = {r.code: r for r in case.municipalities}
    assert set(rows) == {"GM0935", "GM0917"}
    assert rows["GM0935"].population.denominator == 6
    assert rows["GM0917"].population.denominator == 2  # real small numbers inside
    assert rows["GM0917"].valued["central"].costs["spending"] == pytest.approx(200)
    total = sum(r.valued["central"].total_costs for r in case.municipalities)
    assert total == pytest.approx(case.total.valued["central"].total_costs)
    assert [r["code"] for r in computation.as_json(case)["municipalities"]] == [
        "GM0917",
        "GM0935",
    ]


def test_outside_the_programme_there_are_no_municipality_rows(programme, two_towns):
    """Issue 22: external roles see programme-level and cohort-level figures only."""
    case = computation.build(Selection(programme), D, external=True)
    assert case.municipalities == []
    assert case.total.shown and case.cohorts
    assert computation.as_json(case)["municipalities"] == []


@pytest.mark.parametrize("role", [Role.BOARD, Role.ANALYST])
def test_board_page_pdf_and_xlsx_have_no_municipalities(client, programme, two_towns, role):
    client.force_login(UserFactory(role=role))
    body = client.get(URL, {"as_of": D.isoformat()}).content.decode()
    assert "Per groep" in body
    assert "Per gemeente" not in body and "Heerlen" not in body
    xlsx = client.get(reverse("businesscase:download", args=["xlsx"]), {"as_of": D.isoformat()})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "Per groep" in book.sheetnames and "Per gemeente" not in book.sheetnames
    pdf = client.get(reverse("businesscase:download", args=["pdf"]), {"as_of": D.isoformat()})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_lead_page_and_xlsx_show_every_municipality(client, programme, two_towns):
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    body = client.get(URL, {"as_of": D.isoformat()}).content.decode()
    assert "Per gemeente" in body and "Heerlen" in body and "Maastricht" in body
    xlsx = client.get(reverse("businesscase:download", args=["xlsx"]), {"as_of": D.isoformat()})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Per gemeente"]
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["GM0917"][2] == 2 and values["GM0935"][2] == 6


@pytest.mark.parametrize("external", [False, True])
def test_pdf_is_one_page_of_summary_and_one_of_assumptions(programme, two_towns, external):
    """The funder's PDF: page 1 the figures with the definitions as footnotes, page 2 the
    assumptions and their (long) sources: the shipped defaults, two cohorts, two towns."""
    CohortFactory(programme=programme, code="b", name="Groep B")
    maastricht, _heerlen = two_towns
    mothers(programme, programme.cohorts.get(code="b"), maastricht, 6)
    case = computation.build(Selection(programme), D, external=external)
    assert len(case.cohorts) == 2
    assert len(exports.pdf_document(case).pages) == 2


# --- Home-page headline -------------------------------------------------------------------------


def view(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    computed = any("businesscase_spending" in q["sql"] for q in captured.captured_queries)
    return response.content.decode(), len(captured.captured_queries), computed


def central_per_euro(programme, as_of, external):
    case = computation.build(Selection(programme), as_of, external=external, with_timeline=False)
    return f"{case.total.valued['central'].per_euro:.2f}".replace(".", ",")


def test_lead_home_shows_the_return_per_euro_with_a_link(client, programme):
    worked_example(programme)
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    body, _n, computed = view(client)
    assert computed
    value = central_per_euro(programme, timezone.localdate(), external=False)
    assert f"Per geïnvesteerde euro: € {value} maatschappelijk rendement" in body
    assert "(scenario midden)" in body
    assert reverse("businesscase:report") in body


def test_board_home_shows_nothing_for_a_small_programme(client, programme):
    worked_example(programme)  # two mothers: below the threshold outside the programme
    client.force_login(UserFactory(role=Role.BOARD))
    body, _n, _computed = view(client)
    assert "Per geïnvesteerde euro" not in body


@pytest.mark.parametrize("role", [Role.BOARD, Role.ANALYST])
def test_board_home_shows_the_published_quarter(client, programme, two_towns, role):
    client.force_login(UserFactory(role=role))
    body, _n, _computed = view(client)
    assert "Per geïnvesteerde euro" in body or "Nog geen kosten" in body


@pytest.mark.parametrize("role", [Role.COACH, Role.MUNICIPAL_CONTACT, Role.PARTNER])
def test_other_roles_get_no_headline(client, programme, two_towns, role):
    client.force_login(UserFactory(role=role))
    body, _n, computed = view(client)
    assert "Per geïnvesteerde euro" not in body and not computed


@pytest.mark.parametrize("role", [Role.PROGRAMME_LEAD, Role.BOARD])
def test_home_headline_is_cached_and_its_queries_are_constant(client, programme, role):
    cohort = CohortFactory(programme=programme, code="q", name="Groep Q")
    town = MunicipalityFactory()
    client.force_login(UserFactory(role=role))
    view(client)  # the session's first request saves it (accounts.middleware)
    counts = []
    for n in (6, 12):
        for m in mothers(programme, cohort, town, n - len(counts) * 6):
            SpendingFactory(participant=m, date=datetime.date(2025, 3, 1))
        _body, first, computed = view(client)  # the spending was a write: a new data version
        assert computed
        _body, second, computed = view(client)
        assert not computed
        counts.append((first, second))
    assert counts[0] == counts[1]  # constant in the number of mothers
    first, second = counts[0]
    # Computing: the outcome headlines (3 + jit) and the business case (14 + its jit); the
    # lead's home also lists families: the first view of the day logs them (who was listed
    # today, the chain lock, the same under it, the write), the second finds them logged
    # already with one query and takes no lock (the access log's one row per user, mother,
    # day), and her status counts (`cases.home`, cached by the data version too) are counted
    # once.
    listed = 3 if role == Role.PROGRAMME_LEAD else 0
    counts = 1 if role == Role.PROGRAMME_LEAD else 0
    assert first - second == 3 + JIT + 14 + JIT + listed + counts


def test_a_business_case_input_makes_the_home_recompute(client, programme):
    worked_example(programme)
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    before, _n, _computed = view(client)
    _again, _n, computed = view(client)
    assert not computed
    anna = programme.participants.get(ref="DM-0001")
    SpendingFactory(participant=anna, amount="5000.00", date=datetime.date(2025, 6, 1))
    after, _n, computed = view(client)
    assert computed and before != after
