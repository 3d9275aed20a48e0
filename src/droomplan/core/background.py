"""A port for the lower layers to queue a background job without importing `jobs`.

`access` sits below `jobs` (tests/test_architecture.py), yet its inzage page must hand the
download to a background job. It calls `background.enqueue(...)`; the jobs app plugs its own
`droomplan.jobs.enqueue` in when it starts (`JobsConfig.ready`). Same arguments, same result
(the job, whose `get_absolute_url` is its status page)."""

_queue = None


def install(queue) -> None:
    """Called once by the jobs app at start-up."""
    global _queue
    _queue = queue


def enqueue(name: str, /, *, owner=None, **kwargs):
    if _queue is None:
        raise RuntimeError("No background jobs: the jobs app is not installed.")
    return _queue(name, owner=owner, **kwargs)
