"""For tests: do what a worker does, in the test's own transaction."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_ready_tasks(*, limit: int = 100) -> int:
    """Run the tasks that are due, as `droomplan db_worker --batch` would (the same task rows
    and the same Worker.run_task), without its connection handling that would end the test's
    transaction. Returns how many tasks ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        task_result = DBTaskResult.objects.ready().get_locked()
        if task_result is None:
            break
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        ran += 1
    return ran


def follow_job(client, response):
    """For tests of a download that is made by a background job: `response` is the request's
    redirect to the job's status page; run the job and return its download as an ordinary
    (not streamed) response with the same status and headers."""
    from django.http import HttpResponse
    from django.urls import reverse

    from .models import Job

    assert response.status_code == 302, response.status_code
    pk = response["Location"].rstrip("/").split("/")[-1]
    job = Job.objects.get(pk=pk)
    run_ready_tasks()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    file = client.get(reverse("jobs:download", args=[job.pk]))
    copy = HttpResponse(b"".join(file.streaming_content), status=file.status_code)
    for header, value in file.items():
        copy[header] = value
    return copy
