"""Backups (issue 13, item 14): the encrypted backup and restore of docs/deployment.md, run on
PostgreSQL. scripts/restore-drill.sh backs up a small database, restores it into a new one and
checks row counts and that anonymised participants stay anonymised; a restore followed by
`droomplan apply_retention` anonymises again whoever was anonymised after the backup; a damaged
backup is refused. Skipped on SQLite (the scripts are for PostgreSQL)."""

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from droomplan.access import retention
from droomplan.access.tests.rights_fixtures import full_case

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.slow_subprocess,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql://")),
        reason="the backup scripts are for PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql", "gpg")),
        reason="pg_dump, pg_restore, psql and gpg are needed",
    ),
]

EARLY_END = datetime.date(2020, 1, 10)  # kept until 2022-01-10
LATE_END = datetime.date(2024, 3, 15)  # kept until 2026-03-15


def database_url(name: str | None = None) -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{name or db['NAME']}"


@pytest.fixture
def env(tmp_path):
    passphrase = tmp_path / "backup.key"
    passphrase.write_text("correct horse battery staple " * 3)
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    environment.update(
        DATABASE_URL=database_url(),
        DROOMPLAN_DATA_DIR=str(tmp_path / "data"),
        DROOMPLAN_MEDIA_DIR=str(settings.MEDIA_ROOT),
        BACKUP_PASSPHRASE_FILE=str(passphrase),
        PATH=f"{BIN}{os.pathsep}{environment.get('PATH', '')}",
    )
    return environment


def sh(argv, env):
    return subprocess.run(
        [str(a) for a in argv], env=env, capture_output=True, text=True, timeout=600
    )


def psql(url: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", "--no-psqlrc", "-At", "--dbname", url, "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def families(transactional_db):
    early = full_case(ended_on=EARLY_END)
    late = full_case(ended_on=LATE_END)
    full_case()  # an active family
    retention.apply_retention(today=datetime.date(2023, 1, 1), dry_run=False)
    private = Path(settings.MEDIA_ROOT) / "consent-forms"
    private.mkdir(parents=True, exist_ok=True)
    (private / "signed.pdf").write_bytes(b"%PDF-1.4 a signed consent form")
    return early, late


@pytest.fixture
def scratch_database():
    name = connection.settings_dict["NAME"] + "_restored"
    admin = database_url()
    psql(admin, f'DROP DATABASE IF EXISTS "{name}"')
    psql(admin, f'CREATE DATABASE "{name}"')
    yield database_url(name)
    psql(admin, f'DROP DATABASE IF EXISTS "{name}"')


def test_the_restore_drill_passes(families, env):
    result = sh([SCRIPTS / "restore-drill.sh"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Restore drill passed" in out
    assert "anonymised participants: 1, all still anonymous" in out
    # Every private file is restored (earlier tests of the suite may have left more than ours).
    shipped = sum(1 for f in Path(settings.MEDIA_ROOT).rglob("*") if f.is_file())
    assert shipped >= 1
    assert f"private files: {shipped} restored" in out
    # The drill database is gone.
    drill = connection.settings_dict["NAME"] + "_drill"
    assert (
        psql(database_url(), f"SELECT count(*) FROM pg_database WHERE datname = '{drill}'") == "0"
    )


def test_the_drill_fails_when_an_anonymised_participant_is_identifiable(families, env):
    early, _late = families
    # Simulate a broken anonymisation: her name is back in the (original) database.
    psql(
        database_url(), f"UPDATE cases_participant SET family_name = 'Terug' WHERE id = {early.pk}"
    )
    result = sh([SCRIPTS / "restore-drill.sh"], env)
    assert result.returncode != 0
    assert "FAIL anonymised participants" in result.stdout


def test_after_a_restore_apply_retention_anonymises_again(
    families, env, scratch_database, tmp_path
):
    early, late = families
    backup = sh([SCRIPTS / "backup.sh", tmp_path / "backups"], env)
    assert backup.returncode == 0, backup.stderr
    prefix = backup.stdout.strip()
    files = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert [f.split(".", 1)[1] for f in files] == ["dump.gpg", "private.tar.gpg", "sha256"]
    # Encrypted: no name of a mother and no PDF text in the files.
    for path in (tmp_path / "backups").iterdir():
        data = path.read_bytes()
        assert b"Achternaamvan" not in data and b"signed consent" not in data

    # After the backup, the late family's retention period ends and she is anonymised.
    retention.apply_retention(today=datetime.date(2026, 3, 16), dry_run=False)

    restored_media = tmp_path / "restored-private"
    result = sh([SCRIPTS / "restore.sh", prefix, scratch_database, restored_media], env)
    assert result.returncode == 0, result.stderr
    assert (restored_media / "consent-forms" / "signed.pdf").is_file()
    names = f"SELECT family_name FROM cases_participant WHERE id = {late.pk}"
    assert psql(scratch_database, names) == "Achternaamvan"  # the backup is older: she is back
    assert (
        psql(scratch_database, f"SELECT family_name FROM cases_participant WHERE id = {early.pk}")
        == ""
    )

    # docs/deployment.md: after a restore, migrate and apply_retention.
    restored_env = {**env, "DATABASE_URL": scratch_database}
    for argv in (["migrate", "--no-input"], ["apply_retention"]):
        result = sh([BIN / "droomplan", *argv], restored_env)
        assert result.returncode == 0, result.stderr
    assert psql(scratch_database, names) == ""
    assert (
        psql(scratch_database, f"SELECT given_name FROM cases_participant WHERE id = {late.pk}")
        == "Geanonimiseerd"
    )


def test_a_damaged_backup_or_a_wrong_passphrase_restores_nothing(
    families, env, scratch_database, tmp_path
):
    backup = sh([SCRIPTS / "backup.sh", tmp_path / "backups"], env)
    prefix = backup.stdout.strip()
    tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"

    wrong = tmp_path / "wrong.key"
    wrong.write_text("not the passphrase")
    result = sh(
        [SCRIPTS / "restore.sh", prefix, scratch_database, tmp_path / "r"],
        {**env, "BACKUP_PASSPHRASE_FILE": str(wrong)},
    )
    assert result.returncode != 0
    assert psql(scratch_database, tables) == "0"

    dump = Path(prefix + ".dump.gpg")
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    result = sh([SCRIPTS / "restore.sh", prefix, scratch_database, tmp_path / "r"], env)
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert psql(scratch_database, tables) == "0"
