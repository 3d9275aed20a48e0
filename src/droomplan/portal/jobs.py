"""The inzage download as a background job (everything held on her, as a zip, PDF, JSON or
CSV), for her coach or the programme lead (`access`'s inzage page) and for her in her portal.
Making the PDF takes seconds for a long file, longer than a request should; the job's status
page shows the progress and then the download link (docs/privacy-rights.md). Defined here, not
in `access`: `access` sits below `jobs` and queues it through `core.background`."""

from django.utils.translation import gettext_lazy as _

from droomplan.access import inzage
from droomplan.jobs import job


@job(inzage.INZAGE_JOB, title=_("All data of a file (inzage)"), max_attempts=2)
def inzage_download(
    ctx, *, actor_id: int, participant_id: int, fmt: str, for_her: bool = False
) -> None:
    ctx.progress(0, 2, "")
    result = inzage.export_for_job(
        actor_id=actor_id, participant_id=participant_id, fmt=fmt, for_her=for_her
    )
    ctx.progress(1, 2, "")
    ctx.save_result(result.filename, result.content, result.content_type)
    ctx.progress(2, 2, "")
