"""The API's measurements, meetings, outcome report, exchange jobs and consents (issue 21):
the same rules, audit entries and services as the web."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import OrganisationKind, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.exchange.export import export_document
from droomplan.instruments.models import Measurement
from droomplan.instruments.tests.factories import MeasurementFactory, answers_for, shipped
from droomplan.jobs.models import Job, JobStatus
from droomplan.jobs.testing import run_ready_tasks
from droomplan.meetings.models import Attendance, AttendanceStatus
from droomplan.meetings.tests.factories import GroupSessionFactory

from .factories import bearer, make_token

JSON = "application/json"


@pytest.fixture
def family(db):
    coach = UserFactory(role=Role.COACH)
    mother = ParticipantFactory(coach=coach, active=True, given_name="Zeldzamenaam")
    bank = OrganisationFactory(code="kb", name="Kredietbank", kind=OrganisationKind.CREDIT_BANK)
    consent = ConsentFactory(participant=mother, organisation=bank, scopes=["finances"])
    _token, text = make_token(bank)
    return {"coach": coach, "mother": mother, "bank": bank, "consent": consent, "token": text}


def taken_on(mother, days=7):
    return (mother.start_date or mother.intake_date) + datetime.timedelta(days=days)


def denied_count():
    return AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()


# --- Measurements ----------------------------------------------------------------------------


def test_the_coach_records_a_measurement_once_and_reads_its_score(client, family):
    mother, pss = family["mother"], shipped("pss-10")
    client.force_login(family["coach"])
    url = reverse("api:measurements", args=[mother.pk])
    body = {
        "instrument": "pss-10",
        "taken_on": str(taken_on(mother)),
        "answers": answers_for(pss, 2),
    }
    first = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="pss-1")
    assert first.status_code == 201, first.content
    again = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="pss-1")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Measurement.objects.filter(participant=mother).count() == 1
    made = Measurement.objects.get(participant=mother)
    # The service's audit entry, under the coach's name.
    entry = AccessLogEntry.objects.get(object_type="measurement", action="create")
    assert entry.user_id == family["coach"].pk and entry.object_id == str(made.pk)
    listed = client.get(url).json()
    assert [m["id"] for m in listed["results"]] == [made.pk]
    row = listed["results"][0]
    assert row["total"] == made.total and row["band"] == made.band and row["complete"]
    assert set(row["answers"]) == {i.code for i in pss.item_list}
    assert AccessLogEntry.objects.filter(object_type="measurement", action="list").exists()
    later = (timezone.now() + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert client.get(url, {"updated_since": later}).json()["results"] == []


def test_bad_measurements_are_a_400_in_dutch_or_english(client, family):
    mother = family["mother"]
    client.force_login(family["coach"])
    url = reverse("api:measurements", args=[mother.pk])
    future = str(timezone.localdate() + datetime.timedelta(days=3))
    answers = answers_for(shipped("pss-10"), 2)
    answers.pop(next(iter(answers)))
    response = client.post(
        url, {"instrument": "pss-10", "taken_on": future, "answers": answers}, content_type=JSON
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert {"taken_on", "answers"} <= set(response.json()["errors"])
    unknown = client.post(
        url,
        {"instrument": "geen", "taken_on": str(taken_on(mother)), "answers": {}},
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"]["instrument"] == ["Unknown instrument “geen”."]
    assert unknown["Content-Language"] == "en"
    assert not Measurement.objects.filter(participant=mother).exists()


def test_a_credit_bank_sees_only_the_bridges_finances_and_enters_nothing(client, family):
    mother = family["mother"]
    bridge = MeasurementFactory(participant=mother, instrument="brug", taken_on=taken_on(mother))
    MeasurementFactory(participant=mother, instrument="pss-10", taken_on=taken_on(mother))
    headers = bearer(family["token"])
    url = reverse("api:measurements", args=[mother.pk])
    rows = client.get(url, **headers).json()["results"]
    assert [r["id"] for r in rows] == [bridge.pk]
    finance_items = {i.code for i in shipped("brug").item_list if i.domain == "finances"}
    assert set(rows[0]["answers"]) == finance_items
    assert rows[0]["total"] is None and rows[0]["group_scores"] == {}
    assert rows[0]["complete"] is False
    before = denied_count()
    body = {
        "instrument": "pss-10",
        "taken_on": str(taken_on(mother, 8)),
        "answers": answers_for(shipped("pss-10"), 1),
    }
    response = client.post(url, body, content_type=JSON, **headers)
    assert response.status_code == 403
    assert denied_count() == before + 1
    assert Measurement.objects.filter(participant=mother).count() == 2


# --- Meetings --------------------------------------------------------------------------------


def test_meetings_show_what_the_web_shows(client, family):
    mother, coach = family["mother"], family["coach"]
    childcare = OrganisationFactory(code="kov", kind=OrganisationKind.CHILDCARE)
    session = GroupSessionFactory(
        programme=mother.programme, created_by=coach, childcare_organisation=childcare
    )
    other = GroupSessionFactory(programme=mother.programme, created_by=coach)
    Attendance.objects.create(session=session, participant=mother, status=AttendanceStatus.PRESENT)
    client.force_login(coach)
    detail = client.get(reverse("api:meeting", args=[session.pk])).json()
    assert detail["attendance"][0]["participant"] == mother.pk
    assert detail["attendance"][0]["name"] == mother.full_name
    assert detail["rate"]["present"] == 1 and detail["hidden"] == 0
    assert AccessLogEntry.objects.filter(
        participant=mother, object_type="attendance", detail__contains="api"
    ).exists()
    client.logout()
    # The childcare organisation's token sees the meeting it arranges childcare for, counts
    # only (the mother shares nothing with it); not the other meeting.
    _token, text = make_token(childcare)
    listed = client.get(reverse("api:meetings"), **bearer(text)).json()["results"]
    assert [m["id"] for m in listed] == [session.pk]
    seen = client.get(reverse("api:meeting", args=[session.pk]), **bearer(text))
    assert seen.status_code == 200
    assert seen.json()["attendance"] == [] and seen.json()["hidden"] == 1
    assert mother.given_name not in seen.content.decode()
    assert client.get(reverse("api:meeting", args=[other.pk]), **bearer(text)).status_code == 404
    # Her meetings on her case: well-being, which the credit bank has no consent for.
    her = reverse("api:her_meetings", args=[mother.pk])
    assert client.get(her, **bearer(family["token"])).status_code == 403
    client.force_login(coach)
    rows = client.get(her).json()["results"]
    assert [(r["meeting"], r["status"]) for r in rows] == [(session.pk, "present")]


# --- The outcome report ----------------------------------------------------------------------


def test_the_outcome_report_is_the_commands_json_for_the_lead_only(client, family):
    out = io.StringIO()
    call_command("outcome_report", "--as-of", "2026-06-30", "--format", "json", stdout=out)
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    client.force_login(lead)
    response = client.get(reverse("api:outcomes"), {"as_of": "2026-06-30"})
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    assert AccessLogEntry.objects.filter(
        object_type="outcome_report", user_id=lead.pk, detail__startswith="api json"
    ).exists()
    assert client.get(reverse("api:outcomes"), {"as_of": "30-06-2026"}).status_code == 400
    assert client.get(reverse("api:outcomes"), {"programme": "nope"}).status_code == 400
    for role in (Role.BOARD, Role.ANALYST):
        client.force_login(UserFactory(role=role))
        before = denied_count()
        assert client.get(reverse("api:outcomes")).status_code == 403
        assert denied_count() == before + 1
    client.logout()
    assert client.get(reverse("api:outcomes"), **bearer(family["token"])).status_code == 403


# --- The exchange, as jobs -------------------------------------------------------------------


def test_the_lead_exports_and_imports_the_exchange_file_as_jobs(client, family):
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    client.force_login(lead)
    started = client.post(reverse("api:exchange_export"), {}, content_type=JSON)
    assert started.status_code == 202, started.content
    status_url = started["Location"]
    assert client.get(status_url).json()["status"] == JobStatus.QUEUED
    run_ready_tasks()
    done = client.get(status_url).json()
    assert done["status"] == JobStatus.SUCCEEDED, done
    downloaded = client.get(done["result"])
    assert downloaded.status_code == 200
    document = json.loads(b"".join(downloaded.streaming_content))
    assert [p["ref"] for p in document["participants"]] == [family["mother"].ref]
    assert AccessLogEntry.objects.filter(
        participant=family["mother"], object_type="exchange_export", user_id=lead.pk
    ).exists()
    # Someone else's job does not exist for her; a token's neither.
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    assert client.get(status_url).status_code == 404
    client.logout()
    assert client.get(status_url, **bearer(family["token"])).status_code == 404
    # The same file back in: checked at once, imported by a job.
    client.force_login(lead)
    content = json.dumps(export_document(family["mother"].programme)).encode()
    upload = io.BytesIO(content)
    upload.name = "droomplan.json"
    queued = client.post(reverse("api:exchange_import"), {"file": upload})
    assert queued.status_code == 202, queued.content
    run_ready_tasks()
    imported = client.get(queued["Location"]).json()
    assert imported["status"] == JobStatus.SUCCEEDED, imported
    assert imported["imported"]["created"] + imported["imported"]["updated"] == 1
    broken = io.BytesIO(b'{"format": "iets anders"}')
    broken.name = "kapot.json"
    refused = client.post(reverse("api:exchange_import"), {"file": broken})
    assert refused.status_code == 400
    assert refused.json()["errors"]["file"]
    assert Job.objects.count() == 2


def test_a_token_never_uses_the_exchange(client, family):
    headers = bearer(family["token"])
    before = denied_count()
    assert (
        client.post(reverse("api:exchange_export"), {}, content_type=JSON, **headers).status_code
        == 403
    )
    assert client.post(reverse("api:exchange_import"), {}, **headers).status_code == 403
    assert denied_count() == before + 2
    assert not Job.objects.exists()


# --- Consents --------------------------------------------------------------------------------


def test_a_partner_reads_consents_as_on_the_web(client, family):
    """On the web a partner professional sees no consent records (the consent pages are for
    her coach and the lead: 403), only which life domains the mother shares with her
    organisation ("What she shares with your organisation"). The API is the same: her
    consents answer 403, the family's `domains` are the consented ones."""
    mother = family["mother"]
    partner = UserFactory(role=Role.PARTNER, role__organisation=family["bank"])
    client.force_login(partner)
    web = client.get(reverse("access:consent_list", args=[mother.pk]))
    api = client.get(reverse("api:consents", args=[mother.pk]))
    client.logout()
    token = client.get(reverse("api:consents", args=[mother.pk]), **bearer(family["token"]))
    assert web.status_code == api.status_code == token.status_code == 403
    summary = client.get(reverse("api:participant", args=[mother.pk]), **bearer(family["token"]))
    assert summary.json()["domains"] == ["finances"]
    client.force_login(family["coach"])
    mine = client.get(reverse("api:consents", args=[mother.pk])).json()
    assert [c["organisation"] for c in mine] == [family["bank"].pk]


@pytest.mark.parametrize(
    "params",
    [
        {"programme": "\x00"},
        {"cohort": ["\x00", "x" * 500]},
        {"municipality": "GM\x00"},
        {"as_of": "99999-01-01"},
        {"as_of": "1000-01-01"},
        {"as_of": "2026-02-30"},
    ],
)
def test_odd_report_questions_are_a_400_never_a_500(client, family, params):
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    response = client.get(reverse("api:outcomes"), params)
    assert response.status_code == 400, response.content
    # A NUL is refused before any view (core's middleware), as a plain 400.
    if "\\u0000" not in json.dumps(params):
        assert response["Content-Type"] == "application/problem+json"


def test_odd_addresses_and_a_nul_are_problems_too(client, family):
    headers = bearer(family["token"])
    for url in ("/api/v1/participants/%0A%3AI2/consents/", "/api/v1/meetings/x%0Ay/"):
        response = client.get(url, **headers)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    nul = client.get(reverse("api:meetings"), {"updated_since": "\x00"}, **headers)
    assert nul.status_code == 400
    assert nul["Content-Type"] == "application/problem+json"
    assert nul.json()["status"] == 400
    # The web keeps its plain answer.
    assert client.get("/", {"q": "\x00"})["Content-Type"].startswith("text/plain")


def test_the_report_date_follows_the_one_date_rule(client, family):
    """`as_of` is checked by `core.dates` like every date in Droomplan (not a rule of its own):
    more than a hundred years ahead is refused with that rule's own words."""
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    response = client.get(reverse("api:outcomes"), {"as_of": "2200-01-01"})
    assert response.status_code == 400
    assert "100 jaar" in json.dumps(response.json(), ensure_ascii=False)


def test_with_several_programmes_the_exchange_export_asks_which_one(client, family):
    """Without a code the export takes the one programme (`programmes.selectors.
    default_programme`, the rule the report pages use); with two it asks, and queues nothing."""
    from droomplan.programmes.tests.factories import ProgrammeFactory

    ProgrammeFactory(code="tweede")
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    response = client.post(reverse("api:exchange_export"), {}, content_type=JSON)
    assert response.status_code == 400
    assert "programme" in json.dumps(response.json())
    assert not Job.objects.exists()
    chosen = client.post(reverse("api:exchange_export"), {"programme": "tweede"}, content_type=JSON)
    assert chosen.status_code == 202
