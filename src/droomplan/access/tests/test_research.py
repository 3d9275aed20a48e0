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


def agreed(mother, on=datetime.date(2025, 2, 1)):
    from droomplan.access.models import ResearchConsent

    ResearchConsent.objects.create(participant=mother, given_on=on)
    return mother


@pytest.fixture
def mothers(db):
    """Five mothers who agreed to research and look alike (k = 5), one of them ended."""
    return [agreed(full_case()) for _ in range(4)] + [
        agreed(full_case(ended_on=datetime.date(2025, 9, 1)))
    ]


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
    assert data["participant_count"] == 5
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
    # Five mothers alike: the finest generalisation is enough.
    assert row["profile"] == {
        "municipality": "GM0935",
        "birth_years": "2000-2004",
        "children": "1",
        "start_year": "2025",
    }
    for key in ("birth_year", "children_birth_years", "children_count", "municipality_cbs_code"):
        assert key not in row["case_file"]
    assert row["plan"]["goals"][0]["domain"] == "finances"
    assert {"id", "profile", "case_file", "plan"} <= set(row)
    assert not str(row["id"]).isdigit()


def test_pseudonyms_are_stable_across_exports_and_not_derived_from_ids(client, analyst, mothers):
    client.force_login(analyst)
    _raw, first = _download(client)
    _raw, second = _download(client)
    ids_first = [r["id"] for r in first["participants"]]
    ids_second = [r["id"] for r in second["participants"]]
    assert ids_first == ids_second
    assert len(set(ids_first)) == 5
    assert ResearchPseudonym.objects.count() == 5
    for mother, pid in zip(mothers, ids_first, strict=True):
        assert re.fullmatch(r"P[0-9A-F]{12}", pid)
        assert pid not in {str(mother.pk), f"P{mother.pk}", mother.ref}
    # Not derived from anything of hers: a new pseudonym for the same mothers is another one.
    ResearchPseudonym.objects.all().delete()
    _raw, third = _download(client)
    assert set(ids_first).isdisjoint(r["id"] for r in third["participants"])


def test_anonymised_participants_stay_in_the_export(analyst, mothers):
    from droomplan.access.retention import anonymise_participant

    anonymise_participant(mothers[4], today=datetime.date(2028, 1, 1))
    data = research.export()
    assert data["participant_count"] == 5
    flags = sorted(r["case_file"]["anonymised"] for r in data["participants"])
    assert flags == [False, False, False, False, True]


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
    assert data["participant_count"] == 5
    assert "Smallest group on the quasi-identifiers: 5" in err.getvalue() or "5" in err.getvalue()
    assert AccessLogEntry.objects.filter(
        object_type="research_export", participant__isnull=True, detail__contains="command"
    ).exists()


def test_command_names_the_actor_or_the_operating_system_user(tmp_path, mothers, analyst):
    """Issue 13, item 5: every entry of a command-line export names who ran it."""
    call_command("research_export", str(tmp_path / "a.json"), "--actor", analyst.username,
                 stderr=io.StringIO())  # fmt: skip
    entries = AccessLogEntry.objects.filter(object_type="research_export")
    assert entries.count() == 6 and {e.user_id for e in entries} == {analyst.pk}
    call_command("research_export", str(tmp_path / "b.json"), stderr=io.StringIO())
    by_os = AccessLogEntry.objects.filter(object_type="research_export", user__isnull=True)
    assert by_os.count() == 6 and all(e.username.startswith("os:") for e in by_os)


def test_command_refuses_a_missing_folder(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("research_export", str(tmp_path / "nope" / "x.json"))


def test_analyst_home_links_the_export(client, analyst):
    client.force_login(analyst)
    body = client.get("/").content.decode()
    assert URL in body


@pytest.mark.parametrize(("families", "queries"), [(1, 24), (3, 48)])
def test_export_queries_are_a_fixed_number_per_participant(
    analyst, families, queries, django_assert_num_queries, settings
):
    # A fixed number for the export and per participant (the parts of her file are read one
    # by one). k=1: the question here is the number of queries, not the check of k.
    settings.RESEARCH_EXPORT_MIN_K = 1
    for _ in range(families):
        agreed(full_case())
    assert Participant.objects.count() == families
    with django_assert_num_queries(queries):
        research.export()


def test_research_export_is_in_the_analysts_navigation(analyst):
    from droomplan.core.navigation import items_for

    assert "privacy:research_export" in [i.url_name for i in items_for(analyst)]
    coach = UserFactory(role=Role.COACH)
    assert "privacy:research_export" not in [i.url_name for i in items_for(coach)]


# --- Only mothers who agreed; no exact dates; k-anonymity (issue 13, item 10) ----------------


def test_only_mothers_who_agreed_and_started_are_in_it(mothers):
    from droomplan.access.models import ResearchConsent

    not_asked = full_case()
    withdrawn = agreed(full_case())
    ResearchConsent.objects.filter(participant=withdrawn).update(withdrawn_on=datetime.date.today())
    in_intake = agreed(full_case())
    Participant.objects.filter(pk=in_intake.pk).update(start_date=None, status="intake")
    data = research.export()
    assert data["participant_count"] == 5
    logged = AccessLogEntry.objects.filter(
        object_type="research_export", participant__isnull=False
    ).values_list("participant_id", flat=True)
    assert set(logged) == {m.pk for m in mothers}
    assert not {not_asked.pk, withdrawn.pk, in_intake.pk} & set(logged)


def _dates_in(value) -> list:
    import re

    if isinstance(value, dict):
        return [d for v in value.values() for d in _dates_in(v)]
    if isinstance(value, list):
        return [d for v in value for d in _dates_in(v)]
    exact = r"\b\d{4}-\d{2}(-\d{2})?\b"  # 2025-03-01 or 2025-03 (a band 2000-2004 is fine)
    return [value] if isinstance(value, str) and re.search(exact, value) else []


def test_no_exact_dates_only_months_since_her_start(client, analyst, mothers):
    client.force_login(analyst)
    _raw, data = _download(client)
    assert _dates_in(data["participants"]) == []
    case_file = data["participants"][0]["case_file"]
    # Started 1 February 2025, intake 15 January 2025 (the factory), ended 1 September 2025.
    assert (case_file["intake_month"], case_file["start_month"]) == (-1, 0)
    assert [s["month"] for s in case_file["status_history"]] == [-1, 0]
    ended = data["participants"][4]["case_file"]
    assert ended["end_month"] == 7
    action_goal = data["participants"][0]["plan"]["goals"][0]
    assert "target_month" in action_goal and "target_date" not in action_goal
    assert "months since her start month" in data["dates"]


def test_relative_dates_round_to_whole_months():
    start = datetime.date(2025, 2, 28)
    doc = {"registered_on": datetime.date(2025, 3, 1), "date": datetime.date(2024, 12, 31),
           "rows": [{"on": datetime.date(2025, 2, 1), "n": 3}], "settled_on": None}  # fmt: skip
    assert research.relative_dates(doc, start) == {
        "registered_month": 1,
        "month": -2,
        "rows": [{"month": 0, "n": 3}],
        "settled_month": None,
    }


def test_quasi_identifiers_are_generalised_until_every_group_has_k(db):
    """The review found 21 of 23 mothers unique on municipality, birth year and children:
    with as many different mothers, the export generalises until groups of 5 remain."""
    from droomplan.programmes.tests.factories import MunicipalityFactory

    places = [MunicipalityFactory(cbs_code=c, name=c) for c in ("GM0935", "GM0981", "GM0994")]
    for i in range(12):
        mother = agreed(full_case())
        mother.birth_date = datetime.date(1996 + i, 3, 1)
        mother.municipality = places[0] if i < 8 else places[1 + i % 2]
        mother.start_date = datetime.date(2024 + i % 2, 2, 1)
        mother.save()
        for _extra in range(i % 3):
            from droomplan.cases.tests.factories import ChildFactory

            ChildFactory(participant=mother)
    data = research.export()
    profiles = [tuple(r["profile"].values()) for r in data["participants"]]
    assert min(profiles.count(p) for p in profiles) >= 5
    assert data["k_anonymity"]["smallest_group"] >= 5
    assert data["k_anonymity"]["k"] == 5
    assert {r["profile"]["municipality"] for r in data["participants"]} <= {"GM0935", "other", "*"}
    assert "GM0981" not in json.dumps(data["participants"])


def test_an_export_below_k_is_refused_and_logged(client, analyst, db):
    for _ in range(4):
        agreed(full_case())
    client.force_login(analyst)
    response = client.post(URL)
    assert response.status_code == 409
    body = response.content.decode()
    assert "weigerd" in body and "5" in body  # "geweigerd": refused, in Dutch
    assert not ResearchPseudonym.objects.exists()
    refused = AccessLogEntry.objects.get(object_type="research_export")
    assert refused.outcome == Outcome.DENIED and "refused" in refused.detail
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="4"):
        call_command("research_export", "-", stdout=io.StringIO())


def test_k_is_a_setting(settings, db):
    for _ in range(3):
        agreed(full_case())
    settings.RESEARCH_EXPORT_MIN_K = 3
    assert research.export()["k_anonymity"] == {
        "k": 3,
        "smallest_group": 3,
        "groups": 1,
        "quasi_identifiers": ["municipality", "birth_years", "children", "start_year"],
        "generalisation": {
            "municipality": "CBS code; municipalities with fewer than k mothers as 'other'",
            "birth_years": "band of 5 years",
            "children": "0, 1, 2, 3+",
            "start_year": "year",
        },
    }
    settings.RESEARCH_EXPORT_MIN_K = 4
    with pytest.raises(research.ResearchExportRefused):
        research.export()


def test_the_demo_export_passes(db):
    """The demo has mothers who agreed to research, and its export passes k = 5."""
    call_command("demo_data", stdout=io.StringIO())
    data = research.export()
    started = Participant.objects.filter(start_date__isnull=False).count()
    assert 5 <= data["participant_count"] < started
    assert data["k_anonymity"]["smallest_group"] >= 5
    assert _dates_in(data["participants"]) == []
