"""The background job of `outcomes`: the internal XLSX/CSV download (every participant's case
number at province scale takes longer than a request may). The lead follows it on the job's
status page (progress, then a download link); see docs/outcomes.md, "Downloads"."""

from django.utils.translation import gettext_lazy as _

from droomplan.jobs import job

from . import downloads


@job(downloads.INTERNAL_DOWNLOAD_JOB, title=_("Outcome report download (internal)"), max_attempts=2)
def internal_download(ctx, *, actor_id: int, query: str, fmt: str) -> None:
    downloads.internal_file(
        actor_id=actor_id,
        query=query,
        fmt=fmt,
        progress=lambda done, total: ctx.progress(done, total, ""),
        open_result=ctx.result_file,
    )
