"""`droomplan business_case`: JSON carries the assumptions used and the refs; bad arguments
give one clear message."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from droomplan.audit.models import AccessLogEntry, Action

from .test_formulas import worked_example


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("business_case", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_carries_assumptions_and_refs(programme):
    worked_example(programme)
    out, _err = run("--as-of", "2025-12-31", "--format", "json")
    data = json.loads(out)
    assert data["as_of"] == "2025-12-31"
    assert data["assumptions"]["hourly_rate"]["central"] == "80.00"
    assert data["assumptions"]["hourly_rate"]["default"] is False
    assert data["assumptions"]["benefit_per_month"]["valid_from"] == "2025-01-01"
    assert data["total"]["scenarios"]["central"]["total_costs"] == 2720.0
    assert data["total"]["scenarios"]["central"]["net_return_per_euro"] == 7.01
    assert [p["ref"] for p in data["participants"]] == ["DM-0001", "DM-0002"]
    assert data["break_even"]["central"] == "2025-08-31"
    assert AccessLogEntry.objects.filter(object_type="business_case", action=Action.EXPORT)


def test_json_logs_each_mother_it_names_with_the_actor(programme):
    """Issue 13, item 5: a command-line export names who ran it and every family it lists."""
    from droomplan.accounts.tests.factories import UserFactory

    worked_example(programme)
    lead = UserFactory(username="rekenaar")
    run("--as-of", "2025-12-31", "--format", "json", "--actor", "rekenaar")
    named = AccessLogEntry.objects.filter(object_type="case", action=Action.EXPORT)
    assert sorted(e.participant.ref for e in named) == ["DM-0001", "DM-0002"]
    assert {e.user_id for e in named} == {lead.pk}
    run("--as-of", "2025-12-31", "--format", "json")
    latest = AccessLogEntry.objects.filter(object_type="business_case").latest("id")
    assert latest.user_id is None and latest.username.startswith("os:")


def test_files(programme, tmp_path):
    worked_example(programme)
    for fmt in ("xlsx", "pdf"):
        target = tmp_path / f"bc.{fmt}"
        _out, err = run("--as-of", "2025-12-31", "--format", fmt, "--output", str(target))
        assert target.stat().st_size > 1000
        assert "Wrote" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "2025-02-30", "--format", "json"],
        ["--as-of", "2025-12-31", "--format", "pdf"],
        ["--as-of", "2025-12-31", "--format", "json", "--external"],
        [
            "--as-of",
            "2025-12-31",
            "--format",
            "xlsx",
            "--output",
            "x.xlsx",
            "--external",
            "--cohort",
            "g1",
        ],
        ["--as-of", "2025-12-31", "--format", "json", "--programme", "nope"],
    ],
)
def test_bad_arguments(programme, args):
    with pytest.raises(CommandError):
        run(*args)
