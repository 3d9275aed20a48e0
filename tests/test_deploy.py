"""The production settings mode passes Django's deployment checks without warnings, and
refuses to start without its required configuration."""

import os
import subprocess
import sys

import pytest


def run_check(tmp_path, **env_overrides):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests; production must not have it.
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="droomplan.settings.production",
        DROOMPLAN_DATA_DIR=str(tmp_path),
        **env_overrides,
    )
    return subprocess.run(
        [sys.executable, "-m", "droomplan.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow_subprocess
def test_production_mode_passes_check_deploy(tmp_path):
    result = run_check(
        tmp_path,
        SECRET_KEY="x" * 20 + "-production-secret-key-0123456789abcdef",
        ALLOWED_HOSTS="droomplan.example.nl",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


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
