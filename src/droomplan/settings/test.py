"""Test mode, used by pytest (pyproject.toml): fast, and it writes nothing outside a temporary
folder of its own (see "Tests" in docs/architecture.md).

It starts from the shared settings, not from the local ones: local mode generates a secret key
into the real data folder and creates folders there."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, env

# A fresh data folder per test process, removed when the process ends. It ignores
# DROOMPLAN_DATA_DIR on purpose: a test run never touches a developer's or a server's data.
DATA_DIR = Path(tempfile.mkdtemp(prefix="droomplan-test-"))
atexit.register(shutil.rmtree, DATA_DIR, ignore_errors=True)

SECRET_KEY = "droomplan-test-secret-key-not-for-any-real-installation"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

# pytest-django creates its own test database (in memory for SQLite, `test_<name>` for
# PostgreSQL from DATABASE_URL); without DATABASE_URL even the name points into the temp folder.
if not env("DATABASE_URL"):
    DATABASES["default"]["NAME"] = DATA_DIR / "droomplan.sqlite3"

MEDIA_ROOT = DATA_DIR / "private"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir()  # WhiteNoise expects it to exist

# argon2 is slow on purpose; the production hasher is pinned by tests/test_settings.py.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The root conftest.py empties this cache before every test.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "droomplan-test",
    }
}
