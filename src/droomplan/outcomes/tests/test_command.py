import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from droomplan.audit.models import AccessLogEntry, Action
from droomplan.outcomes.exports import CSV_COLUMNS, CSV_REF_COLUMNS
from droomplan.outcomes.metrics import CODES
from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory

# Every test runs on the published dataset, built once for the module (conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]


def run(*args) -> str:
    out = io.StringIO()
    call_command("outcome_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_an_internal_report_logs_the_families_it_names_and_who_ran_it(data):
    """Issue 13, item 5: the internal report lists case numbers, so each family named is in
    the access log, with the actor; the external one names none."""
    from droomplan.accounts.tests.factories import UserFactory

    lead = UserFactory(username="rapporteur")
    run("--as-of", "2026-06-30", "--format", "json", "--actor", "rapporteur")
    named = AccessLogEntry.objects.filter(object_type="case", action=Action.EXPORT)
    assert named.count() == 20 and {e.user_id for e in named} == {lead.pk}
    report = AccessLogEntry.objects.get(object_type="outcome_report")
    assert report.user_id == lead.pk
    before = named.count()
    run("--as-of", "2026-06-30", "--format", "csv", "--external")
    assert named.count() == before
    external = AccessLogEntry.objects.filter(object_type="outcome_report").latest("id")
    assert external.username.startswith("os:")


def test_json_shape(data):
    doc = json.loads(run("--as-of", "2026-06-30", "--format", "json"))
    assert set(doc) == {"as_of", "selection", "population", "metrics"}
    assert doc["as_of"] == "2026-06-30"
    assert doc["selection"] == {"programme": "droommoeders", "cohorts": [], "municipalities": []}
    assert doc["population"] == 20
    assert list(doc["metrics"]) == CODES
    for result in doc["metrics"].values():
        assert set(result) == {
            "numerator", "denominator", "percentage", "numerator_refs", "denominator_refs",
            "unknown", "unknown_refs",
        }  # fmt: skip
        assert len(result["unknown_refs"]) == result["unknown"]
        assert result["numerator_refs"] == sorted(result["numerator_refs"])
        assert result["denominator_refs"] == sorted(result["denominator_refs"])
        assert len(result["numerator_refs"]) == result["numerator"]
        assert len(result["denominator_refs"]) == result["denominator"]
    assert doc["metrics"]["less_stress"]["percentage"] == 80.0
    assert AccessLogEntry.objects.filter(action=Action.EXPORT, object_type="outcome_report")


def test_json_with_cohort_and_municipality_selection(data, programme):
    doc = json.loads(
        run(
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
            "--programme",
            "droommoeders",
            "--cohort",
            "groep-1",
            "--municipality",
            "GM0935",
        )  # fmt: skip
    )
    assert doc["selection"]["cohorts"] == ["groep-1"]
    assert doc["selection"]["municipalities"] == ["GM0935"]
    assert doc["population"] == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-02-30", "--format", "json"], "not a date"),
        (["--as-of", "gisteren", "--format", "json"], "not a date"),
        (["--as-of", "2026-06-30", "--format", "json", "--cohort", "nope"], "nope"),
        (["--as-of", "2026-06-30", "--format", "json", "--municipality", "GM9999"], "GM9999"),
        (["--as-of", "2026-06-30", "--format", "json", "--programme", "x"], "'x'"),
        (["--as-of", "2026-06-30", "--format", "pdf"], "--output"),
        (["--as-of", "2026-06-30", "--format", "json", "--external"], "internal"),
    ],
)
def test_bad_arguments_give_a_clear_message(programme, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_several_programmes_need_a_choice(programme):
    ProgrammeFactory(code="tweede")
    with pytest.raises(CommandError, match="--programme"):
        run("--as-of", "2026-06-30", "--format", "json")


@pytest.mark.slow_subprocess
def test_bad_format_exits_non_zero_without_traceback():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "droomplan.manage", "outcome_report", "--as-of", "2026-06-30",
         "--format", "docx"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def test_csv_columns_internal_and_external(data):
    internal = list(csv.DictReader(io.StringIO(run("--as-of", "2026-06-30", "--format", "csv"))))
    assert list(internal[0]) == CSV_COLUMNS + CSV_REF_COLUMNS
    total = [r for r in internal if r["scope"] == "total"]
    assert [r["metric"] for r in total] == CODES
    debt = next(r for r in total if r["metric"] == "debt_free")
    assert (debt["numerator"], debt["denominator"], debt["percentage"]) == ("20", "20", "100.0")
    assert len(debt["numerator_refs"].split()) == 20
    scopes = {r["scope"] for r in internal}
    assert scopes == {"total", "cohort", "municipality"}
    external = list(
        csv.DictReader(io.StringIO(run("--as-of", "2026-06-30", "--format", "csv", "--external")))
    )
    assert list(external[0]) == CSV_COLUMNS
    assert "DM-" not in run("--as-of", "2026-06-30", "--format", "csv", "--external")


def test_csv_external_suppresses_small_cells(data, programme):
    # Move three mothers to Vaals: that municipality cell (3 < 5) is masked.
    vaals = MunicipalityFactory(cbs_code="GM0981", name="Vaals")
    for m in data[:3]:
        m.municipality = vaals
        m.save()
    rows = list(
        csv.DictReader(io.StringIO(run("--as-of", "2026-06-30", "--format", "csv", "--external")))
    )
    vaals_rows = [r for r in rows if r["group_code"] == "GM0981"]
    assert vaals_rows and all(r["numerator"] == "< 5" for r in vaals_rows)
    assert all(r["population"] == "< 5" for r in vaals_rows)
    # Maastricht (17) would reveal Vaals via the total: hidden as well ("x").
    maastricht = [r for r in rows if r["group_code"] == "GM0935"]
    assert all(r["numerator"] == "x" for r in maastricht)
    # Cohorts (10 each) are shown; the internal CSV shows the real Vaals numbers.
    assert all(r["numerator"] not in ("< 5", "x") for r in rows if r["scope"] == "cohort")
    internal = list(csv.DictReader(io.StringIO(run("--as-of", "2026-06-30", "--format", "csv"))))
    assert {r["denominator"] for r in internal if r["group_code"] == "GM0981"} == {"3"}


def test_xlsx_opens_with_openpyxl(data, tmp_path):
    target = tmp_path / "report.xlsx"
    run("--as-of", "2026-06-30", "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    assert len(book.sheetnames) >= 5
    figures = book.worksheets[0]
    values = [row for row in figures.iter_rows(values_only=True) if row and row[0] == "debt_free"]
    assert values[0][2:5] == (20, 20, 100.0)
    external = tmp_path / "external.xlsx"
    run("--as-of", "2026-06-30", "--format", "xlsx", "--external", "--output", str(external))
    cells = [
        c for ws in load_workbook(external).worksheets for row in ws.iter_rows(values_only=True)
        for c in row
    ]  # fmt: skip
    text = " ".join(str(c) for c in cells if c is not None)
    assert "DM-" not in text


def test_pdf_is_a_pdf(data, tmp_path):
    target = tmp_path / "report.pdf"
    run("--as-of", "2026-06-30", "--format", "pdf", "--external", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_unwritable_output_is_a_clear_error(data, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        run("--as-of", "2026-06-30", "--format", "csv", "--output", str(tmp_path / "no" / "x.csv"))
