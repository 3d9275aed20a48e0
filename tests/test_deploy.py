"""The production settings mode passes Django's deployment checks without warnings, and
refuses to start without its required configuration."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


def run_command(tmp_path, *args, **env_overrides):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests; production must not have it.
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="droomplan.settings.production",
        DROOMPLAN_DATA_DIR=str(tmp_path),
        **env_overrides,
    )
    return subprocess.run(
        [sys.executable, "-m", "droomplan.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_check(tmp_path, **env_overrides):
    return run_command(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env_overrides)


PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-production-secret-key-0123456789abcdef",
    "ALLOWED_HOSTS": "droomplan.example.nl",
}


@pytest.mark.slow_subprocess
def test_production_mode_passes_check_deploy_after_collectstatic(tmp_path):
    # Without collected static files every page would answer 500: check --deploy says so.
    result = run_check(tmp_path, **PRODUCTION)
    assert result.returncode != 0
    assert "droomplan.E002" in result.stderr and "collectstatic" in result.stderr

    collected = run_command(tmp_path, "collectstatic", "--no-input", **PRODUCTION)
    assert collected.returncode == 0, collected.stderr
    result = run_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout

    # An upgrade that brings a new static file, without collectstatic: out of date.
    manifest = tmp_path / "static" / "staticfiles.json"
    data = json.loads(manifest.read_text())
    del data["paths"]["droomplan/site.css"]
    manifest.write_text(json.dumps(data))
    result = run_check(tmp_path, **PRODUCTION)
    assert result.returncode != 0
    assert "droomplan.E003" in result.stderr and "droomplan/site.css" in result.stderr


def test_check_deploy_finds_a_source_map_that_is_not_shipped(tmp_path, settings):
    from droomplan.core.checks import check_static_files

    assert check_static_files() == []
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.min.js").write_text("x=1;\n//# sourceMappingURL=lib.min.js.map\n")
    (tmp_path / "vendor" / "ok.css").write_text("a{}\n/*# sourceMappingURL=ok.css.map */\n")
    (tmp_path / "vendor" / "ok.css.map").write_text("{}")
    settings.STATICFILES_DIRS = [tmp_path]
    (error,) = check_static_files()
    assert error.id == "droomplan.E001"
    assert "vendor/lib.min.js -> lib.min.js.map" in error.msg and "ok.css" not in error.msg


def test_the_vendored_files_refer_to_no_source_map():
    """`make vendor` strips the comments (scripts/vendor.py); the committed files agree."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("vendor", root / "scripts" / "vendor.py")
    vendor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vendor)
    assert "sourceMappingURL" not in vendor.strip_source_maps("a\n//# sourceMappingURL=x.map\n")
    for path in vendor.VENDOR.rglob("*"):
        if path.suffix in {".js", ".css"}:
            assert "sourceMappingURL" not in path.read_text(encoding="utf-8"), path


@pytest.mark.slow_subprocess
def test_production_mode_requires_a_secret_key(tmp_path):
    result = run_check(tmp_path, ALLOWED_HOSTS="droomplan.example.nl")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow_subprocess
def test_demo_data_refuses_to_run_with_the_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="droomplan.settings.production",
        DROOMPLAN_DATA_DIR=str(tmp_path),
        SECRET_KEY="x" * 20 + "-production-secret-key-0123456789abcdef",
        ALLOWED_HOSTS="droomplan.example.nl",
    )

    def droomplan(*args):
        return subprocess.run(
            [sys.executable, "-m", "droomplan.manage", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    migrated = droomplan("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    result = droomplan("demo_data")
    assert result.returncode != 0
    assert "production" in result.stderr
    assert "Demo programme loaded" not in result.stdout


def test_the_upload_limits_of_the_app_and_the_documented_proxy_agree(settings):
    """nginx's client_max_body_size (docs/deployment.md) is the exchange upload limit plus 1 MB
    for the form around the file: every file the app refuses gets the app's Dutch message, not
    the proxy's error page, and every file the app takes passes the proxy."""
    from droomplan.access.files import MAX_FORM_SIZE
    from droomplan.exchange.services import max_upload_bytes
    from droomplan.settings import base

    guide = (Path(__file__).resolve().parent.parent / "docs" / "deployment.md").read_text()
    (value,) = re.findall(r"^\s*client_max_body_size\s+(\d+)m;", guide, re.M)
    proxy = int(value) * 1024 * 1024
    mb = 1024 * 1024
    assert max_upload_bytes() == base.EXCHANGE_MAX_UPLOAD_BYTES  # the app uses the setting
    assert proxy == base.EXCHANGE_MAX_UPLOAD_BYTES + mb
    assert f"EXCHANGE_MAX_UPLOAD_MB ({base.EXCHANGE_MAX_UPLOAD_MB})" in guide
    # Every other upload and form fits too.
    assert MAX_FORM_SIZE + mb <= proxy
    assert proxy > base.DATA_UPLOAD_MAX_MEMORY_SIZE
