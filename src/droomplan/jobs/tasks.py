"""The one task the workers run: `run_job(job_id)`. Every job goes through it, so retries,
progress and the failed-jobs page work the same for all of them."""

from django_tasks import task


@task()
def run_job(job_id: str) -> None:
    from .services import run

    run(job_id)
