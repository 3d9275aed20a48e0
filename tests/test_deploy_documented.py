"""docs/deployment.md, followed literally (issue 13, item 2).

The test reads the environment file of section 3, runs every command of section 4 ("Prepare")
as written (only the database, the secret key and the data folder point into a temporary
folder), starts gunicorn as the systemd unit of section 5 does, and asks for the login page the
way the nginx configuration of that section forwards it. The page must answer 200 with hashed
(cache-busted) static addresses that WhiteNoise serves. A command added to section 4 that this
test does not know fails the test: what the guide says, works."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "deployment.md"
BIN = Path(sys.executable).parent

# The commands of section 4, in order (arguments as in the guide). Adding one to the guide
# means adding it here, and so running it below.
EXPECTED_PREPARE = [
    "migrate",
    "createcachetable",
    "collectstatic --no-input",
    "check --deploy",
    "first_admin bea --email bea@example.nl --organisation coop "
    "--organisation-name 'Coöperatie Droommoeders'",
]


def section(title: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.M | re.S)
    assert match, f"docs/deployment.md has no section '## {title}'"
    return match.group(1)


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def shell_lines(block: str) -> list[list[str]]:
    """The commands of a shell block as argument lists: continuation lines joined, comments
    dropped."""
    joined = block.replace("\\\n", " ")
    return [words for line in joined.splitlines() if (words := shlex.split(line, comments=True))]


def documented_environment() -> dict[str, str]:
    (block,) = code_blocks(
        section("3. Environment (e.g. `/etc/droomplan/env`, readable only by the service user)"),
        "sh",
    )
    env = {}
    for line in block.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    return env


def documented_prepare_commands() -> list[list[str]]:
    """Section 4's commands after the first line, which loads the environment file (the test
    loads section 3 instead)."""
    (block,) = code_blocks(section("4. Prepare"), "sh")
    load, *commands = shell_lines(block)
    assert load == ["set", "-a;", ".", "/etc/droomplan/env;", "set", "+a"], load
    return commands


def documented_gunicorn() -> list[str]:
    (unit, *_rest) = code_blocks(section("5. Run"), "ini")
    (line,) = [ln for ln in unit.splitlines() if ln.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart="))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    """The guide's PostgreSQL when the tests run on PostgreSQL (CI): a fresh database next to
    the test database, dropped afterwards; otherwise a SQLite file."""
    url = os.environ.get("DATABASE_URL") or ""
    if not url.startswith(("postgres://", "postgresql://")) or not shutil.which("psql"):
        yield f"sqlite:///{tmp_path / 'droomplan.sqlite3'}"
        return
    base, _sep, query = url.partition("?")
    name = f"droomplan_guide_{os.getpid()}"
    fresh = f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")

    def psql(sql):
        result = subprocess.run(
            ["psql", "--no-psqlrc", "-q", "--dbname", url, "-c", sql],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
        )
        assert result.returncode == 0, result.stderr

    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{name}"')
    yield fresh
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def environment(tmp_path, database):
    documented = documented_environment()
    assert documented["DJANGO_SETTINGS_MODULE"] == "droomplan.settings.production"
    assert documented["DATABASE_URL"].startswith("postgres://")
    dropped = {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("EMAIL")}
    env.update(documented)
    env.update(
        # Only what cannot be literal: a database, a secret and a folder of this test's own.
        DATABASE_URL=database,
        SECRET_KEY="documented-deployment-test-" + "k" * 40,
        DROOMPLAN_DATA_DIR=str(tmp_path / "data"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def run(argv, env, stdin=""):
    return subprocess.run(
        argv,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,  # no terminal: getpass reads the password from stdin
    )


@pytest.mark.slow_subprocess
def test_the_guide_lists_the_commands_this_test_runs():
    commands = documented_prepare_commands()
    assert all(argv[0] == "droomplan" for argv in commands), commands
    assert [shlex.join(argv[1:]) for argv in commands] == [
        shlex.join(shlex.split(c)) for c in EXPECTED_PREPARE
    ]


@pytest.mark.slow_subprocess
def test_following_the_guide_gives_a_server_that_serves_pages(environment):
    for argv in documented_prepare_commands():
        stdin = "Een-sterk-wachtwoord-42\n" * 2 if argv[1] == "first_admin" else ""
        result = run([str(BIN / "droomplan"), *argv[1:]], environment, stdin)
        assert result.returncode == 0, f"{shlex.join(argv)}\n{result.stdout}\n{result.stderr}"
        if argv[1:] == ["check", "--deploy"]:
            assert "no issues" in result.stdout  # "must print no warnings"
    gunicorn = documented_gunicorn()
    assert Path(gunicorn[0]).name == "gunicorn" and "droomplan.wsgi:application" in gunicorn
    port = free_port()
    argv = [str(BIN / "gunicorn"), *gunicorn[1:]]
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"
    server = subprocess.Popen(  # noqa: S603
        argv, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        host = environment["ALLOWED_HOSTS"].split(",")[0]

        def get(path):
            # As the nginx block forwards it: the host, the client and https.
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}",
                headers={
                    "Host": host,
                    "X-Forwarded-For": "203.0.113.9",
                    "X-Forwarded-Proto": "https",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    return response.status, response.headers, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.headers, error.read().decode()

        for _attempt in range(100):
            try:
                status, headers, body = get("/health/")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start: " + server.stderr.read1().decode())
        assert status == 200 and '"database": "ok"' in body

        status, headers, body = get("/account/inloggen/")
        assert status == 200, body[:2000]
        assert "no-store" in headers["Cache-Control"]
        assert "Strict-Transport-Security" in headers
        stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', body)
        assert stylesheets, body[:2000]
        hashed = [s for s in stylesheets if re.search(r"\.[0-9a-f]{12}\.css$", s)]
        assert hashed == stylesheets, stylesheets  # every address is cache-busted
        for path in [*stylesheets, *re.findall(r'src="(/static/[^"]+\.js)"', body)]:
            status, headers, _body = get(path)
            assert status == 200, path
            assert "immutable" in headers.get("Cache-Control", ""), path
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_backup_commands_of_the_guide_are_the_tested_scripts():
    """Every script the Backups section tells the operator to run exists, is executable and
    is run by tests/test_restore_drill.py (on PostgreSQL); the commands after a restore are
    the ones that test runs too."""
    text = GUIDE.read_text(encoding="utf-8")
    backups = text[text.index("## Backups and privacy") :]
    commands = [argv for block in code_blocks(backups, "sh") for argv in shell_lines(block)]
    scripts = {word for argv in commands for word in argv if word.startswith("scripts/")}
    assert scripts == {"scripts/backup.sh", "scripts/restore.sh", "scripts/restore-drill.sh"}
    drill_test = (ROOT / "tests" / "test_restore_drill.py").read_text(encoding="utf-8")
    for script in scripts:
        path = ROOT / script
        assert path.is_file() and os.access(path, os.X_OK), script
        assert f'"{Path(script).name}"' in drill_test, script
    after_restore = [argv[1:] for argv in commands if argv[0] == "droomplan"]
    assert ["migrate"] in after_restore and ["apply_retention"] in after_restore
    assert '["apply_retention"]' in drill_test and '["migrate", "--no-input"]' in drill_test
