"""The pseudonymised research export for the university."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from droomplan.access import research
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry, Action, Outcome, ResearchPseudonym
from droomplan.cases.models import Participant

from .rights_fixtures import SECRET_WORDS, full_case

URL = "/privacy/onderzoek/"


@pytest.fixture
def analyst(db):
    return UserFactory(role=Role.ANALYST)


@pytest.fixture
def mothers(db):
    return [full_case(), full_case(ended_on=datetime.date(2025, 9, 1))]


def _download(client) -> tuple[bytes, dict]:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.content, json.loads(response.content)


def test_url_name():
    assert reverse("privacy:research_export") == URL


def test_analyst_sees_the_page_and_downloads(client, analyst, mothers):
    client.force_login(analyst)
    page = client.get(URL)
    assert page.status_code == 200
    _raw, data = _download(client)
    assert data["participant_count"] == 2
    assert data["format_version"] == research.FORMAT_VERSION


def test_no_names_no_free_text_no_case_numbers(client, analyst, mothers):
    client.force_login(analyst)
    raw, data = _download(client)
    text = raw.decode()
    for word in SECRET_WORDS:
        assert word not in text, word
    for mother in mothers:
        assert mother.ref not in text
        assert "2001-05-17" not in text  # no date of birth
    row = data["participants"][0]
    assert row["case_file"]["birth_year"] == 2001
    assert row["case_file"]["children_birth_years"] == [2022]
    assert row["case_file"]["children_count"] == 1
    assert row["case_file"]["municipality_cbs_code"] == "GM0935"
    assert row["plan"]["goals"][0]["domain"] == "finances"
    assert {"id", "case_file", "plan"} <= set(row)
    assert not str(row["id"]).isdigit()


def test_pseudonyms_are_stable_across_exports_and_not_derived_from_ids(client, analyst, mothers):
    client.force_login(analyst)
    _raw, first = _download(client)
    _raw, second = _download(client)
    ids_first = [r["id"] for r in first["participants"]]
    ids_second = [r["id"] for r in second["participants"]]
    assert ids_first == ids_second
    assert len(set(ids_first)) == 2
    assert ResearchPseudonym.objects.count() == 2
    for mother, pid in zip(mothers, ids_first, strict=True):
        assert re.fullmatch(r"P[0-9A-F]{12}", pid)
        assert pid not in {str(mother.pk), f"P{mother.pk}", mother.ref}
    # Not derived from anything of hers: a new pseudonym for the same mothers is another one.
    ResearchPseudonym.objects.all().delete()
    _raw, third = _download(client)
    assert set(ids_first).isdisjoint(r["id"] for r in third["participants"])


def test_anonymised_participants_stay_in_the_export(analyst, mothers):
    from droomplan.access.retention import anonymise_participant

    anonymise_participant(mothers[1], today=datetime.date(2028, 1, 1))
    data = research.export()
    assert data["participant_count"] == 2
    flags = sorted(r["case_file"]["anonymised"] for r in data["participants"])
    assert flags == [False, True]


def test_each_export_is_logged_once_and_per_participant(client, analyst, mothers):
    client.force_login(analyst)
    _download(client)
    entries = AccessLogEntry.objects.filter(action=Action.EXPORT, object_type="research_export")
    assert entries.filter(participant__isnull=True).count() == 1
    assert {e.participant_id for e in entries.filter(participant__isnull=False)} == {
        m.pk for m in mothers
    }
    assert all(e.username == analyst.username for e in entries)


@pytest.mark.parametrize(
    "role",
    [
        Role.COACH,
        Role.PARTNER,
        Role.MUNICIPAL_CONTACT,
        Role.PROGRAMME_LEAD,
        Role.BOARD,
        Role.ADMIN,
        Role.PARTICIPANT,
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_refused_for_every_other_role(client, mothers, role, method):
    client.force_login(UserFactory(role=role))
    response = getattr(client, method)(URL)
    assert response.status_code == 403
    assert "Zeldzamenaam" not in response.content.decode()
    denied = AccessLogEntry.objects.get(outcome=Outcome.DENIED)
    assert denied.object_type == "research_export"
    assert not ResearchPseudonym.objects.exists()


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "inloggen" in response["Location"]


def test_command_writes_the_same_format(tmp_path, mothers):
    target = tmp_path / "export.json"
    err = io.StringIO()
    call_command("research_export", str(target), stderr=err)
    data = json.loads(target.read_text())
    assert data["participant_count"] == 2
    assert AccessLogEntry.objects.filter(
        object_type="research_export", participant__isnull=True, detail__contains="command"
    ).exists()


def test_command_refuses_a_missing_folder(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("research_export", str(tmp_path / "nope" / "x.json"))


def test_analyst_home_links_the_export(client, analyst):
    client.force_login(analyst)
    body = client.get("/").content.decode()
    assert URL in body


@pytest.mark.parametrize(("families", "queries"), [(1, 22), (3, 46)])
def test_export_queries_are_a_fixed_number_per_participant(
    analyst, families, queries, django_assert_num_queries
):
    # 10 for the export and 12 per participant (the parts of her file are read one by one).
    for _ in range(families):
        full_case()
    assert Participant.objects.count() == families
    with django_assert_num_queries(queries):
        research.export()


def test_research_export_is_in_the_analysts_navigation(analyst):
    from droomplan.core.navigation import items_for

    assert "privacy:research_export" in [i.url_name for i in items_for(analyst)]
    coach = UserFactory(role=Role.COACH)
    assert "privacy:research_export" not in [i.url_name for i in items_for(coach)]
