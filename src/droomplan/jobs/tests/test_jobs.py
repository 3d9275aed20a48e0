import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from droomplan.accounts.models import Role
from droomplan.jobs import enqueue, job
from droomplan.jobs.models import Job, JobStatus
from droomplan.jobs.registry import periodic_jobs
from droomplan.jobs.services import recover_stale, retry, retry_delay, run
from droomplan.jobs.testing import run_ready_tasks

CALLS: list[dict] = []


@job("tests.count", title="Count")
def count_job(ctx, *, upto: int) -> None:
    for n in range(1, upto + 1):
        ctx.progress(n, upto, "counting")
    ctx.save_result("count.txt", str(upto).encode(), "text/plain")
    CALLS.append({"upto": upto, "attempt": ctx.attempt})


@job("tests.flaky", title="Flaky", max_attempts=3)
def flaky_job(ctx, *, fail_times: int) -> None:
    CALLS.append({"attempt": ctx.attempt})
    if ctx.attempt <= fail_times:
        raise ConnectionRefusedError("mail server down")


@pytest.fixture(autouse=True)
def _reset_calls(settings, tmp_path):
    CALLS.clear()
    settings.MEDIA_ROOT = tmp_path  # result files


def _make_due() -> None:
    """Move every deferred task (a retry) to now, as if its wait had passed."""
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=1))


def test_a_job_runs_on_the_worker_and_keeps_progress_and_result(db):
    record = enqueue(count_job, upto=3)
    assert record.status == JobStatus.QUEUED
    assert DBTaskResult.objects.count() == 1

    assert run_ready_tasks() == 1

    record.refresh_from_db()
    assert record.status == JobStatus.SUCCEEDED
    assert (record.progress_done, record.progress_total, record.percent) == (3, 3, 100)
    assert record.result_name == "count.txt"
    assert CALLS == [{"upto": 3, "attempt": 1}]


def test_a_job_queued_in_a_rolled_back_transaction_does_not_exist(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(count_job, upto=1)
        raise RuntimeError("the write failed")
    assert not Job.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_dedupe_key_queues_a_job_once(db):
    first = enqueue(count_job, dedupe_key="count:2025-03-01", upto=1)
    second = enqueue(count_job, dedupe_key="count:2025-03-01", upto=1)
    assert first.pk == second.pk
    assert Job.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_job_delivered_twice_runs_once(db):
    record = enqueue(count_job, upto=1)
    run(record.pk)
    run(record.pk)
    assert len(CALLS) == 1


def test_an_unknown_job_name_is_refused(db):
    with pytest.raises(ValueError, match="no job"):
        enqueue("tests.nothing")


def test_a_failed_try_is_retried_later_with_back_off(db, settings):
    record = enqueue(flaky_job, fail_times=1)
    before = timezone.now()
    run_ready_tasks()

    record.refresh_from_db()
    assert record.status == JobStatus.RETRYING
    assert record.attempts == 1
    assert "ConnectionRefusedError: mail server down" in record.error
    assert record.next_attempt_at >= before + retry_delay(1)
    # the retry is a task of its own that no worker takes before its time
    assert run_ready_tasks() == 0

    _make_due()
    run_ready_tasks()
    record.refresh_from_db()
    assert record.status == JobStatus.SUCCEEDED
    assert [c["attempt"] for c in CALLS] == [1, 2]


def test_back_off_grows_with_each_try(settings):
    settings.JOBS_RETRY_BASE_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 240, 960]


def test_after_the_last_try_a_job_stays_failed_and_the_administrator_sees_it(db, client, make_user):
    record = enqueue(flaky_job, fail_times=10)
    for _ in range(5):
        _make_due()
        run_ready_tasks()
    record.refresh_from_db()
    assert record.status == JobStatus.FAILED
    assert record.attempts == 3  # max_attempts: no fourth try
    assert len(CALLS) == 3

    client.force_login(make_user(Role.ADMIN))
    page = client.get(reverse("jobs:failed")).content.decode()
    assert "Flaky" in page
    assert "mail server down" in page

    response = client.post(reverse("jobs:retry", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.attempts) == (JobStatus.QUEUED, 0)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_the_administrator_sees_failed_jobs(db, client, make_user, role):
    record = enqueue(flaky_job, fail_times=0)
    client.force_login(make_user(role))
    assert client.get(reverse("jobs:failed")).status_code == 403
    assert client.post(reverse("jobs:retry", args=[record.pk])).status_code == 403


def test_retry_only_requeues_a_failed_job(db):
    record = enqueue(count_job, upto=1)
    run_ready_tasks()
    record.refresh_from_db()
    retry(job=record)
    assert record.status == JobStatus.SUCCEEDED
    assert DBTaskResult.objects.count() == 1


def test_a_job_whose_worker_stopped_is_tried_again(db):
    record = enqueue(count_job, upto=1)
    Job.objects.filter(pk=record.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=timezone.now() - datetime.timedelta(hours=2),
    )
    assert recover_stale() == 1
    record.refresh_from_db()
    assert record.status == JobStatus.RETRYING
    assert "worker stopped" in record.error


def test_the_status_page_and_download_are_for_the_owner_only(db, client, make_user):
    owner, other = make_user(Role.COACH), make_user(Role.COACH)
    record = enqueue(count_job, owner=owner, upto=2)

    client.force_login(owner)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page  # polls while it is not finished
    assert client.get(reverse("jobs:download", args=[record.pk])).status_code == 404

    run_ready_tasks()
    status = client.get(reverse("jobs:status", args=[record.pk])).content.decode()
    assert "hx-trigger" not in status  # finished: polling stops
    assert reverse("jobs:download", args=[record.pk]) in status
    download = client.get(reverse("jobs:download", args=[record.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"2"
    assert download["Cache-Control"] == "no-store"

    client.force_login(other)
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.get(reverse(name, args=[record.pk])).status_code == 404


def test_run_periodic_queues_each_periodic_job_once_a_day(db):
    names = {d.name for d in periodic_jobs()}
    assert "jobs.cleanup" in names
    call_command("run_periodic", "--date", "2025-03-03", stdout=io.StringIO())
    call_command("run_periodic", "--date", "2025-03-03", stdout=io.StringIO())
    assert Job.objects.count() == len(names)
    assert set(Job.objects.values_list("dedupe_key", flat=True)) == {
        f"{name}:2025-03-03" for name in names
    }
    call_command("run_periodic", "--date", "2025-03-04", stdout=io.StringIO())
    assert Job.objects.count() == 2 * len(names)


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_command_runs_queued_jobs():
    """The real worker (`droomplan db_worker --batch`), not the test helper."""
    record = enqueue(count_job, upto=2)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    record.refresh_from_db()
    assert record.status == JobStatus.SUCCEEDED
    assert CALLS == [{"upto": 2, "attempt": 1}]


def test_the_administrator_home_says_when_jobs_failed(db, client, make_user):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    assert reverse("jobs:failed") not in client.get("/").content.decode().split("<main")[1]
    record = enqueue(flaky_job, fail_times=10)
    Job.objects.filter(pk=record.pk).update(status=JobStatus.FAILED)
    page = client.get("/").content.decode()
    assert "1 achtergrondtaak is elke keer mislukt." in page
