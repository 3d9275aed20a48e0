"""Small cells stay small (issue 13, item 9): no combination of the filters offered to readers
outside the programme (board, analysts, `--external`, the lead's files for funders) reveals a
cell below the threshold. The attack of the review: the whole programme minus a report
filtered on Maastricht gives the hidden "< 5" of the other municipality."""

import copy
import csv
import datetime
import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.outcomes import report
from droomplan.outcomes.metrics import CODES, Selection
from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory

from .factories import published_dataset

URL = reverse("outcomes:report")
D = datetime.date


@pytest.fixture(scope="module")
def small_cells(module_db):
    """The published dataset with three mothers in Vaals, built once for this module."""
    with module_db.unblock():
        MunicipalityFactory()
        programme = ProgrammeFactory(code="droommoeders", name="Droommoeders")
        mothers = published_dataset(programme)
        vaals = MunicipalityFactory(cbs_code="GM0981", name="Vaals")
        for m in mothers[:3]:  # three mothers in Vaals: a cell below 5
            m.municipality = vaals
            m.save()
        return programme, mothers


@pytest.fixture
def _small_cells(db, small_cells):
    return copy.deepcopy(small_cells)  # a test may change the objects in memory


@pytest.fixture
def programme(_small_cells):
    return _small_cells[0]


@pytest.fixture
def data(_small_cells):
    return _small_cells[1]


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]


def _numbers(built) -> dict:
    """What a reader can see of the whole selection: per figure (numerator, denominator)."""
    values = {"population": built.population, **built.values}
    return {k: (v.numerator, v.denominator) if v.shown else v.mask for k, v in values.items()}


def _offered_queries(data):
    """Every combination of the filters a browser could send: cohorts, municipalities and
    reference dates, each alone and together."""
    cohorts = sorted({str(m.cohort_id) for m in data})
    municipalities = sorted({str(m.municipality_id) for m in data})
    days = ["2026-06-30", "2026-08-15", "2030-01-01", ""]
    for n_c, n_m in itertools.product(range(len(cohorts) + 1), range(len(municipalities) + 1)):
        for chosen_c in itertools.combinations(cohorts, n_c):
            for chosen_m in itertools.combinations(municipalities, n_m):
                for day in days:
                    yield {
                        "cohorts": list(chosen_c),
                        "municipalities": list(chosen_m),
                        "as_of": day,
                    }


def test_no_filter_combination_reveals_the_small_municipality(client, data):
    client.force_login(UserFactory(role=Role.BOARD))
    seen: dict[datetime.date, dict] = {}
    for query in _offered_queries(data):
        response = client.get(URL, query)
        assert response.status_code == 200, query
        built = response.context["report"]
        # Always the whole programme on the end of a quarter that has passed...
        assert (built.selection.cohorts, built.selection.municipalities) == ((), ())
        assert built.as_of in {D(2026, 6, 30), D(2026, 9, 30)}
        # ...so two reports of the same day are the same report: nothing to subtract.
        seen.setdefault(built.as_of, _numbers(built))
        assert _numbers(built) == seen[built.as_of], query
        by_municipality = {g.name: g for g in built.by_municipality}
        assert by_municipality["Vaals"].population.mask == "< 5"
        assert by_municipality["Maastricht"].population.mask == "x"  # complementary
    assert set(seen) == {D(2026, 6, 30), D(2026, 9, 30)}


def test_the_attack_all_minus_maastricht_gives_nothing(client, data):
    """The reproduction of the review, with the filters a board member can send."""
    client.force_login(UserFactory(role=Role.BOARD))
    maastricht = data[5].municipality
    everything = client.get(URL, {"as_of": "2026-06-30"}).context["report"]
    only_maastricht = client.get(
        URL, {"as_of": "2026-06-30", "municipalities": maastricht.pk}
    ).context["report"]
    for code in ["population", *CODES]:
        a = everything.population if code == "population" else everything.values[code]
        b = only_maastricht.population if code == "population" else only_maastricht.values[code]
        assert (a.numerator - b.numerator, a.denominator - b.denominator) == (0, 0)
    body = client.get(URL, {"as_of": "2026-06-30"}).content.decode()
    assert 'name="municipalities"' not in body and 'name="cohorts"' not in body  # not offered


def test_the_lead_still_chooses_freely_on_her_page(client, data):
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    vaals = data[0].municipality
    built = client.get(URL, {"as_of": "2026-08-15", "municipalities": vaals.pk}).context["report"]
    assert built.as_of == D(2026, 8, 15)
    assert built.population.denominator == 3 and built.population.shown


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_leads_files_for_funders_cover_the_whole_programme_on_a_quarter_end(client, data, fmt):
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    vaals = data[0].municipality
    response = client.get(
        reverse("outcomes:download", args=[fmt]),
        {"as_of": "2026-08-15", "municipalities": vaals.pk, "external": "1"},
    )
    assert response.status_code == 200
    assert "2026-06-30-extern" in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        total = next(r for r in rows if r["scope"] == "total" and r["metric"] == CODES[0])
        assert (total["as_of"], total["population"]) == ("2026-06-30", "20")


@pytest.mark.parametrize("role", [Role.BOARD, Role.ANALYST])
def test_downloads_of_external_roles_ignore_sub_selections(client, data, role):
    client.force_login(UserFactory(role=role))
    vaals = data[0].municipality
    response = client.get(
        reverse("outcomes:download", args=["csv"]),
        {"as_of": "2026-06-30", "municipalities": vaals.pk},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    total = next(r for r in rows if r["scope"] == "total" and r["metric"] == CODES[0])
    assert total["population"] == "20"
    vaals_rows = [r for r in rows if r["group_name"] == "Vaals"]
    assert vaals_rows and all(r["denominator"] == "< 5" for r in vaals_rows)


def test_the_trend_for_outside_is_the_whole_programme(client, data):
    client.force_login(UserFactory(role=Role.BOARD))
    vaals = data[0].municipality
    points = client.get(
        reverse("outcomes:trend"), {"as_of": "2026-08-15", "municipalities": vaals.pk}
    ).context["points"]
    assert points[-1].as_of == D(2026, 6, 30)
    assert points[-1].population.denominator == 20


def _command(*args) -> str:
    out = io.StringIO()
    call_command("outcome_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("selection", [["--municipality", "GM0935"], ["--cohort", "groep-1"]])
def test_the_command_refuses_sub_selections_for_outside(data, selection):
    with pytest.raises(CommandError, match="whole programme"):
        _command("--as-of", "2026-06-30", "--format", "csv", "--external", *selection)


def test_the_command_gives_outside_readers_the_quarter_end(data):
    text = _command("--as-of", "2026-08-15", "--format", "csv", "--external")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["as_of"] for r in rows} == {"2026-06-30"}


def test_build_itself_never_narrows_an_external_report(data, programme):
    """The rule lives in `report.build`: a caller that passes a sub-selection and a day in the
    middle of a quarter still gets the whole programme on the quarter end."""
    vaals = data[0].municipality
    built = report.build(Selection(programme, (), (vaals,)), D(2026, 8, 15), external=True)
    assert built.selection == Selection(programme)
    assert built.as_of == D(2026, 6, 30)
    assert built.population.denominator == 20


@pytest.mark.parametrize(
    ("requested", "today", "published"),
    [
        (D(2026, 6, 30), D(2026, 11, 30), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 11, 30), D(2026, 6, 30)),
        (D(2026, 12, 31), D(2026, 11, 30), D(2026, 9, 30)),  # not in the future
        (D(2026, 9, 30), D(2026, 9, 30), D(2026, 6, 30)),  # that quarter has not ended yet
        (D(2026, 3, 31), D(2026, 4, 1), D(2026, 3, 31)),
        (D(2025, 1, 15), D(2026, 4, 1), D(2024, 12, 31)),
    ],
)
def test_published_quarter_end(requested, today, published):
    assert report.published_as_of(requested, today=today) == published
