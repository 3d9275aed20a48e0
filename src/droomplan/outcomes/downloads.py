"""The internal XLSX/CSV of the outcome report, made by a background job (`outcomes/jobs.py`):
the same filter as the page (kept as its query string), checked again for the person who
asked, and every listed participant logged under her name, as the direct download does."""

from django.core.exceptions import PermissionDenied
from django.http import QueryDict

from droomplan.access.policy import can_see_outcome_details
from droomplan.accounts.models import User

from . import exports, report
from .export_log import log_export
from .forms import ReportFilterForm

INTERNAL_DOWNLOAD_JOB = "outcomes.internal_download"
BACKGROUND_FORMATS = {"xlsx", "csv"}
STEPS = 3


def internal_file(*, actor_id: int, query: str, fmt: str, progress, open_result) -> None:
    """Check, build, write and log. `open_result(filename, content_type)` is the job's
    result file (`JobContext.result_file`): the CSV/XLSX is written into it as it is made
    (write-only workbook, CSV row by row), so memory stays bounded at any size."""
    if fmt not in BACKGROUND_FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    user = User.objects.get(pk=actor_id)
    if not user.is_active or not can_see_outcome_details(user):
        raise PermissionDenied("No longer allowed to see the internal report.")
    form = ReportFilterForm(QueryDict(query), external=False)
    if not form.is_valid() or not form.cleaned_data.get("programme"):
        raise ValueError("The report filter is no longer valid.")
    progress(0, STEPS)
    built = report.build(
        form.selection(),
        form.cleaned_data["as_of"],
        external=False,
        with_refs=True,
        with_trend=fmt != "csv",
    )
    progress(1, STEPS)
    with open_result(exports.filename(built, fmt), exports.CONTENT_TYPES[fmt]) as out:
        exports.write(built, fmt, out)
    progress(2, STEPS)
    log_export(
        request=None,
        user=user,
        programme=built.selection.programme,
        refs=built.figures.population_refs if built.figures is not None else None,
        cases_detail=f"outcome report {fmt}",
        report_detail=f"{fmt} as_of={built.as_of} internal (background)",
    )
    progress(3, STEPS)
