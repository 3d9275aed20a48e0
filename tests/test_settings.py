"""The settings modules: the test mode writes only to a temporary folder, and every mode has a
cache that fits how it runs (memory in one process, a shared table or Redis in production)."""

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from droomplan.settings import base

SHOW_CACHES = "from django.conf import settings; print(json.dumps(settings.CACHES))"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "droomplan.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-0123456789abcdef",
    "ALLOWED_HOSTS": "droomplan.example.nl",
}


def run_python(tmp_path, code: str, **env_overrides) -> str:
    """Run `code` with Django set up, in a fresh process with its own data folder."""
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DROOMPLAN_DATA_DIR=str(tmp_path), **env_overrides)
    result = subprocess.run(
        [sys.executable, "-c", f"import django, json; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_test_mode_keeps_every_file_in_a_temporary_folder():
    data_dir = Path(settings.DATA_DIR)
    assert data_dir.is_relative_to(tempfile.gettempdir())
    developer_data = Path(os.environ.get("DROOMPLAN_DATA_DIR", "/"))
    assert data_dir not in {base.default_data_dir(), developer_data}
    assert Path(settings.MEDIA_ROOT).is_relative_to(data_dir)
    assert Path(settings.STATIC_ROOT).is_relative_to(data_dir)
    assert not (data_dir / "secret_key.txt").exists()
    assert settings.SECRET_KEY.startswith("droomplan-test-")


def test_test_mode_hashes_fast_and_caches_in_memory():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_every_other_mode_hashes_with_argon2():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.slow_subprocess
def test_local_mode_caches_in_memory(tmp_path):
    caches = json.loads(
        run_python(tmp_path, SHOW_CACHES, DJANGO_SETTINGS_MODULE="droomplan.settings.local")
    )
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.slow_subprocess
def test_production_caches_in_a_database_table_that_createcachetable_makes(tmp_path):
    code = (
        "from django.core.management import call_command; call_command('createcachetable');"
        "from django.core.cache import cache; cache.set('k', 'v');"
        "print(json.dumps([settings.CACHES, cache.get('k')]))"
    )
    caches, value = json.loads(
        run_python(
            tmp_path,
            "from django.conf import settings;" + code,
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **PRODUCTION,
        )
    )
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"]["LOCATION"] == "droomplan_cache"
    assert value == "v"


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.slow_subprocess
def test_redis_url_selects_djangos_redis_backend(tmp_path):
    caches = json.loads(
        run_python(tmp_path, SHOW_CACHES, REDIS_URL="redis://127.0.0.1:6379/0", **PRODUCTION)
    )
    assert caches["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": "droomplan",
    }


@pytest.mark.slow_subprocess
@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379")
def test_the_redis_cache_stores_and_reads(tmp_path):
    key = f"droomplan-test-{os.getpid()}"
    code = (
        "from django.core.cache import cache;"
        f"cache.set('{key}', 'v', 30); print(json.dumps(cache.get('{key}'))); cache.delete('{key}')"
    )
    redis = "redis://127.0.0.1:6379/0"
    value = json.loads(run_python(tmp_path, code, REDIS_URL=redis, **PRODUCTION))
    assert value == "v"


SHOW_DATABASE = (
    "from django.conf import settings; d = settings.DATABASES['default'];"
    "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
)


@pytest.mark.slow_subprocess
def test_production_keeps_database_connections_open_with_health_checks(tmp_path):
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert json.loads(run_python(tmp_path, SHOW_DATABASE, DATABASE_URL=db, **PRODUCTION)) == [
        60,
        True,
    ]
    overridden = run_python(
        tmp_path, SHOW_DATABASE, DATABASE_URL=db, DB_CONN_MAX_AGE="0", **PRODUCTION
    )
    assert json.loads(overridden) == [0, True]


@pytest.mark.slow_subprocess
def test_local_mode_opens_a_connection_per_request(tmp_path):
    local = {"DJANGO_SETTINGS_MODULE": "droomplan.settings.local"}
    assert json.loads(run_python(tmp_path, SHOW_DATABASE, **local)) == [0, True]


def test_a_bad_conn_max_age_is_a_clear_configuration_error(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    for bad in ("soon", "-1"):
        monkeypatch.setenv("DB_CONN_MAX_AGE", bad)
        with pytest.raises(ImproperlyConfigured, match="DB_CONN_MAX_AGE"):
            base.conn_max_age(60)


@pytest.mark.slow_subprocess
def test_postgresql_connections_switch_the_jit_off(tmp_path):
    """PostgreSQL's JIT starts by estimated cost and compiled for seconds on pages whose
    count subqueries run for 50 rows (docs/performance.md); no connection of ours uses it."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    url = "postgres://someone@db.example.nl:5432/droomplan"
    for mode in (PRODUCTION, {"DJANGO_SETTINGS_MODULE": "droomplan.settings.local"}):
        assert "-c jit=off" in run_python(tmp_path, code, DATABASE_URL=url, **mode)


@pytest.mark.django_db
def test_the_test_database_connection_has_no_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("about PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
