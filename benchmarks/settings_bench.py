"""Settings for the page benchmark: production settings (DEBUG off, persistent health-checked
connections, the database cache, the template loaders of production), with what a benchmark
in one process needs on top:

- a second database, `BENCH_BIG_URL` (the 100k dataset; `DATABASE_URL` is the 1k one), which
  `bench_pages.py` swaps in as "default" for every other request;
- the plain static-files storage (the manifest storage needs `collectstatic` first; the
  difference is a dictionary lookup per `{% static %}`);
- no two-step login (the benchmark logs in with `force_login`).

Only for `benchmarks/bench_pages.py`."""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DROOMPLAN_REQUIRE_2FA", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per login (axes)

import dj_database_url  # noqa: E402

from droomplan.settings.production import *  # noqa: E402, F403
from droomplan.settings.production import DATABASES  # noqa: E402

DATABASES["big"] = {
    **dj_database_url.parse(os.environ["BENCH_BIG_URL"]),
    "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
    "CONN_HEALTH_CHECKS": DATABASES["default"].get("CONN_HEALTH_CHECKS", False),
    "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
