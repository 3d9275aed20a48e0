"""One figure, one number (issue 17): the headline, the table, the trend's last point and the
downloads of a selection and day come from the same computation, and a cached trend point is
never served after the data it was computed from changed."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from droomplan.lifedomains.models import Debt
from droomplan.outcomes import exports, report
from droomplan.outcomes.metrics import CODES, Selection

from .factories import debt, housing, mother

D = datetime.date
AS_OF = D(2026, 6, 30)
pytestmark = pytest.mark.django_db


def families(programme):
    people = []
    for n in range(6):
        m = mother(programme, D(2024, 9, 1), debt_inventory_on=D(2024, 9, 5))
        housing(m, D(2024, 9, 5), n % 2 == 0)
        people.append(m)
    return people


def figures(value):
    return (value.numerator, value.denominator, value.unknown, value.percentage)


def assert_headline_is_last_point(built):
    last = built.trend[-1]
    assert last.as_of == built.as_of
    for code in CODES:
        assert figures(built.values[code]) == figures(last.values[code]), code


@pytest.mark.parametrize("external", [False, True])
def test_headline_and_trend_agree_at_once_after_a_change(programme, external):
    people = families(programme)
    selection = Selection(programme)
    before = report.build(selection, AS_OF, external=external, with_trend=True)
    assert_headline_is_last_point(before)
    assert before.values["debt_free"].numerator == 6
    # A debt registered long ago, entered now: every point from then on changes at once.
    debt(people[0], D(2025, 1, 10))
    after = report.build(selection, AS_OF, external=external, with_trend=True)
    assert_headline_is_last_point(after)
    assert after.values["debt_free"].numerator == 5
    # The trend fragment (its own request) gives the same last point as the page's cards.
    points = report.trend(selection, AS_OF, external=external)
    assert figures(points[-1].values["debt_free"]) == figures(after.values["debt_free"])


def test_a_cached_past_quarter_is_not_served_after_a_write(programme):
    people = families(programme)
    selection = Selection(programme)
    first = {p.as_of: p for p in report.trend(selection, AS_OF, external=False)}
    quarter = D(2025, 3, 31)
    assert first[quarter].values["debt_free"].numerator == 6
    item = debt(people[0], D(2025, 1, 10))
    second = {p.as_of: p for p in report.trend(selection, AS_OF, external=False)}
    assert second[quarter].values["debt_free"].numerator == 5
    # Deleting it is a write as well.
    Debt.objects.filter(pk=item.pk).delete()
    third = {p.as_of: p for p in report.trend(selection, AS_OF, external=False)}
    assert third[quarter].values["debt_free"].numerator == 6


def test_external_pdf_page_one_and_trend_agree(programme):
    people = families(programme)
    debt(people[1], D(2025, 1, 10))
    built = report.build(Selection(programme), AS_OF, external=True, with_trend=True)
    assert_headline_is_last_point(built)
    html = exports.render_to_string(
        "outcomes/report_pdf.html", {"report": built, "audience": "", "generated": ""}
    )
    page_one, trend_part = html.split('<table class="grid">', 1)[0], html.rsplit("<tbody>", 1)[1]
    last_row = trend_part.split("<tr>")[-1]
    for code in CODES:
        value = built.values[code]
        if value.shown and value.percentage is not None:
            shown = f"{value.percentage:g}%".replace(".", ",")
            assert shown in page_one or f"{value.percentage:g}%" in page_one, code
            assert shown in last_row or f"{value.percentage:g}%" in last_row, code


def test_xlsx_figures_and_trend_agree(programme):
    people = families(programme)
    debt(people[2], D(2025, 1, 10))
    built = report.build(Selection(programme), AS_OF, external=False, with_trend=True)
    book = load_workbook(io.BytesIO(exports.to_xlsx(built)))
    figures_sheet = book.worksheets[0]
    rows = {r[0]: r for r in figures_sheet.iter_rows(values_only=True) if r and r[0] in CODES}
    trend_sheet = book[book.sheetnames[3]]
    last = list(trend_sheet.iter_rows(values_only=True))[-1]
    for index, code in enumerate(CODES, start=1):
        assert rows[code][4] == last[index], code
    assert rows["debt_free"][5] == 0  # not measured: every mother was inventoried
    assert rows["executive_functions_growth"][5] == 6  # nobody measured twice


@pytest.mark.parametrize("external", [False, True])
def test_home_headlines_are_the_report_figures(programme, external):
    from django.utils import timezone

    from droomplan.outcomes import home

    people = families(programme)
    debt(people[3], D(2025, 1, 10))
    shown = home._headlines(None, external=external)["outcomes"]
    built = report.build(Selection(programme), timezone.localdate(), external=external)
    assert shown["as_of"] == built.as_of
    for metric, value in shown["headlines"]:
        assert figures(value) == figures(built.values[metric.code]), metric.code
