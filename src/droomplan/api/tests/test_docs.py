"""The curl examples of docs/api.md work: each `curl` line is run, in order, through the test
client (its method, headers, body and address), with the variables filled in: a line with
the token as the credit bank's system, a line with the session cookie as the programme lead
logged in (the programme lead's tools: tokens are never a lead)."""

import io
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import OrganisationKind, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.exchange.export import export_document
from droomplan.jobs.models import Job
from droomplan.lifedomains.models import Debt
from droomplan.lifedomains.tests.factories import DebtFactory
from droomplan.plans.models import Action
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

from .factories import make_token

DOC = Path(__file__).resolve().parents[4] / "docs" / "api.md"


def curl_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith("curl ")]


def parse(line: str, variables: dict) -> dict:
    for name, value in variables.items():
        line = line.replace(f"${name}", str(value))
    words = shlex.split(line)[1:]
    request = {"method": "GET", "headers": {}, "body": None, "url": "", "files": {}}
    while words:
        word = words.pop(0)
        if word == "-X":
            request["method"] = words.pop(0)
        elif word == "-H":
            name, _sep, value = words.pop(0).partition(": ")
            request["headers"][name] = value
        elif word == "-d":
            request["body"] = words.pop(0)
        elif word == "-b":
            request["session"] = words.pop(0)
        elif word == "-F":
            name, _sep, value = words.pop(0).partition("=")
            request["files"][name] = value.removeprefix("@")
        else:
            request["url"] = word
    return request


def test_the_docs_have_examples():
    assert len(curl_lines()) >= 5


def test_the_curl_examples_of_the_docs_work(client, db):
    mother = ParticipantFactory(coach=UserFactory(role=Role.COACH), active=True)
    org = OrganisationFactory(code="kb", kind=OrganisationKind.CREDIT_BANK)
    ConsentFactory(participant=mother, organisation=org)
    debt = DebtFactory(participant=mother, creditor="Zorgverzekeraar")
    action = ActionFactory(goal=GoalFactory(participant=mother, domain="finances"))
    _token, text = make_token(org)
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    files = {"droomplan.json": json.dumps(export_document(mother.programme)).encode()}
    job = ""
    for line in curl_lines():
        etag = (
            Action.objects.get(pk=action.pk).version
            if "/actions/" in line
            else Debt.objects.get(pk=debt.pk).version
        )
        variables = {
            "DROOMPLAN": "http://testserver",
            "TOKEN": text,
            "CASE": mother.ref,
            "MOTHER": mother.pk,
            "DEBT": debt.pk,
            "ACTION": action.pk,
            "ETAG": f'"{etag}"',
            "JOB": job,
            "SESSION": "sessie",
            "CSRF": "csrf",
        }
        request = parse(line, variables)
        url = urlsplit(request["url"])
        path = f"{url.path}?{url.query}" if url.query else url.path
        headers = {k: v for k, v in request["headers"].items() if k != "Content-Type"}
        client.logout()
        if request.get("session"):
            client.force_login(lead)
        if request["files"]:
            data = {}
            for name, filename in request["files"].items():
                data[name] = io.BytesIO(files[filename])
                data[name].name = filename
            response = client.post(path, data, headers=headers)
        else:
            response = client.generic(
                request["method"],
                path,
                data=request["body"] or "",
                content_type=request["headers"].get("Content-Type", "application/octet-stream"),
                headers=headers,
            )
        assert response.status_code in (200, 201, 202), (line, response.content)
        if response.status_code == 202:
            job = response.json()["id"]
    debt.refresh_from_db()
    assert debt.route == "consolidation_loan"
    assert str(debt.settled_on) == "2025-06-30"
    assert Action.objects.get(pk=action.pk).done_on is not None
    assert Debt.objects.filter(creditor="Energieleverancier", participant=mother).count() == 1
    # The lead's examples started an export and an import.
    assert sorted(Job.objects.filter(owner=lead).values_list("name", flat=True)) == [
        "exchange.export",
        "exchange.import",
    ]


@pytest.mark.parametrize("line", curl_lines())
def test_every_example_sends_the_token_or_the_session(line):
    assert "Authorization: Bearer $TOKEN" in line or "sessionid=$SESSION" in line
