"""The background job of `exchange`: importing a large upload the lead confirmed
(docs/exchange.md, "Large files"). The status page of the job shows the progress."""

from django.utils.translation import gettext_lazy as _

from droomplan.jobs import job

from . import services


@job(services.IMPORT_JOB, title=_("Import an exchange file"), max_attempts=3)
def import_upload(ctx, *, upload_id: str, actor_id: int, allow_renames: bool = False) -> None:
    # One transaction: a failed try leaves nothing behind, so trying again is safe.
    services.run_queued_import(
        upload_id=upload_id,
        actor_id=actor_id,
        allow_renames=allow_renames,
        progress=lambda done, total: ctx.progress(done, total, ""),
    )


@job(services.EXPORT_JOB, title=_("Export an exchange file"), max_attempts=2)
def export_programme(ctx, *, actor_id: int, programme_id: int) -> None:
    ctx.progress(0, 1, "")
    filename, content, content_type = services.export_file(
        actor_id=actor_id, programme_id=programme_id
    )
    ctx.save_result(filename, content, content_type)
    ctx.progress(1, 1, "")
