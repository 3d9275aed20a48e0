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
