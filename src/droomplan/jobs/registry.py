"""The jobs this installation knows: `@job` for work queued on demand, `@periodic` for the
daily work that `droomplan run_periodic` queues. Apps define their jobs in `<app>/jobs.py`
(loaded at start-up), so a worker knows every name it may find in the queue."""

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class JobDefinition:
    name: str
    func: Callable[..., Any]
    title: Any  # a (lazy) translatable string
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    periodic: bool = False


_definitions: dict[str, JobDefinition] = {}


def _register(name: str, func, *, title, max_attempts: int, periodic: bool) -> None:
    existing = _definitions.get(name)
    if existing is not None and existing.func is not func:
        raise ValueError(f"Two jobs are called {name!r}.")
    _definitions[name] = JobDefinition(
        name=name, func=func, title=title, max_attempts=max_attempts, periodic=periodic
    )
    func.job_name = name


def job(name: str, *, title, max_attempts: int = DEFAULT_MAX_ATTEMPTS):
    """Make `func(ctx, **kwargs)` a background job called `name`. Its keyword arguments must
    be JSON values (ids, ISO dates, strings), never model instances."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    def decorator(func):
        _register(name, func, title=title, max_attempts=max_attempts, periodic=False)
        return func

    return decorator


def periodic(name: str, *, title, max_attempts: int = DEFAULT_MAX_ATTEMPTS):
    """A daily job: `func(ctx, *, day)` with `day` an ISO date. `droomplan run_periodic`
    queues each periodic job once per day (a database uniqueness on `name:day`), and the job
    itself must also be safe to run twice for the same day."""

    def decorator(func):
        _register(name, func, title=title, max_attempts=max_attempts, periodic=True)
        return func

    return decorator


def definition(name: str) -> JobDefinition | None:
    return _definitions.get(name)


def periodic_jobs() -> list[JobDefinition]:
    return sorted((d for d in _definitions.values() if d.periodic), key=lambda d: d.name)


def name_of(job_or_name) -> str:
    return job_or_name if isinstance(job_or_name, str) else job_or_name.job_name


class JobContext:
    """What a running job gets as its first argument: report progress, save a result file.
    `services.run` builds it with the functions that store them (`set_progress`,
    `save_result`), so this module needs nothing else of the app."""

    def __init__(self, job, *, set_progress, save_result) -> None:
        self.job = job
        self._set_progress = set_progress
        self._save_result = save_result

    @property
    def attempt(self) -> int:
        """1 for the first try, 2 for the first retry, ..."""
        return self.job.attempts

    def progress(self, done: int, total: int | None = None, note: str = "") -> None:
        """Store how far the job is (visible at once to the status page, which polls it)."""
        self._set_progress(self.job, done=done, total=total, note=note)

    def save_result(self, filename: str, content, content_type: str) -> None:
        """Keep `content` (bytes, or an open binary file read from its start) as the job's
        result; its owner downloads it from the status page."""
        self._save_result(self.job, filename=filename, content=content, content_type=content_type)

    @contextmanager
    def result_file(self, filename: str, content_type: str) -> Iterator:
        """Write the result as it is made (bounded memory, also for 100,000 rows): yields an
        anonymous temporary file opened "w+b"; when the block ends without an error, the
        file is copied in chunks to the job's result. Nothing is kept after an error."""
        with tempfile.TemporaryFile() as spool:
            yield spool
            spool.flush()
            spool.seek(0)
            self.save_result(filename, spool, content_type)
