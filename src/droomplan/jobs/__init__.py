"""Background jobs on Django's task framework (the `django-tasks` backport, database backend).

The public API (see docs/architecture.md, "Background jobs"):

    from droomplan.jobs import job, periodic, enqueue

    @job("exchange.export", title=_("Export"), max_attempts=3)
    def export(ctx, *, programme_id: int) -> None:
        ctx.progress(10, 100, _("Families"))
        ctx.save_result("export.json", data, "application/json")

    record = enqueue("exchange.export", owner=request.user, programme_id=1)
    return redirect(record)  # the status page: progress, then a download link

A job that raises is tried again later (back-off), and after its last try it is listed for
the functional administrator on the failed-jobs page, with what failed, when and why."""

from .registry import JobContext, job, periodic

# How often a status page asks for the job's progress (seconds).
POLL_SECONDS = 2


def enqueue(name, /, *, owner=None, dedupe_key: str = "", **kwargs):
    """Queue the job `name` (a registered name, or the function decorated with `@job`) with
    `kwargs` (JSON values). See `services.enqueue`."""
    from .services import enqueue as _enqueue

    return _enqueue(name, owner=owner, dedupe_key=dedupe_key, **kwargs)


__all__ = ["POLL_SECONDS", "JobContext", "enqueue", "job", "periodic"]
