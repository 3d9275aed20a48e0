"""The report page: who may see it, what each role sees, drill-down access, downloads,
bad input and a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.jobs.models import Job, JobStatus
from droomplan.jobs.testing import run_ready_tasks
from droomplan.programmes.tests.factories import MunicipalityFactory

from .factories import debt, mother

# Every test runs on the published dataset, built once for the module (conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]
URL = reverse("outcomes:report")
QUERY = {"as_of": "2026-06-30"}
ALLOWED = [Role.PROGRAMME_LEAD, Role.BOARD, Role.ANALYST]
REFUSED = [Role.COACH, Role.PARTNER, Role.MUNICIPAL_CONTACT, Role.ADMIN, Role.PARTICIPANT]


def login(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ALLOWED)
def test_report_roles_see_the_eight_figures(client, data, role):
    login(client, role)
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("dp-outcomes-card__number") == 8
    assert "80%" in body and "60%" in body
    assert 'id="dp-outcomes-data"' in body  # chart data via json_script
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert data[0].full_name not in body  # no names on the overview


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused_and_logged(client, data, role):
    login(client, role)
    for url in [URL, reverse("outcomes:trend"), reverse("outcomes:download", args=["csv"])]:
        before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
        response = client.get(url, QUERY)
        assert response.status_code == 403, url
        assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before + 1


def test_anonymous_goes_to_the_login_page(client, data):
    response = client.get(URL)
    assert response.status_code == 302
    assert "inloggen" in response["Location"]


def test_navigation_item_only_for_report_roles(client, data):
    login(client, Role.BOARD)
    assert URL in client.get(reverse("outcomes:report")).content.decode()
    client.force_login(UserFactory(role=Role.COACH))
    response = client.get(reverse("cases:caseload"))
    assert f'href="{URL}"' not in response.content.decode()


def _move_to_vaals(mothers):
    vaals = MunicipalityFactory(cbs_code="GM0981", name="Vaals")
    for m in mothers:
        m.municipality = vaals
        m.save()


def test_board_sees_small_cells_suppressed_lead_sees_real_numbers(client, data):
    _move_to_vaals(data[:3])
    login(client, Role.BOARD)
    body = client.get(URL, QUERY).content.decode()
    assert "&lt; 5" in body
    assert "Wie telt mee" not in body and "Who was counted" not in body
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    body = client.get(URL, QUERY).content.decode()
    assert "&lt; 5" not in body
    assert reverse("outcomes:participants", args=["debt_free"]) in body


def test_lead_drill_down_lists_the_counted_participants_and_logs_them(client, data):
    lead = login(client, Role.PROGRAMME_LEAD)
    url = reverse("outcomes:participants", args=["less_stress"])
    response = client.get(url, QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    # Mothers 0..15 were counted, 16..19 not.
    assert data[0].full_name in body and data[19].full_name not in body
    assert response.context["result"].numerator == 16
    groups = {key: n for key, _label, n in response.context["groups"]}
    assert (groups["counted"], groups["not_counted"]) == (16, 4)
    assert len(response.context["rows"]) == 16  # the counted group first
    logged = AccessLogEntry.objects.filter(
        user=lead, action=Action.LIST, detail="outcome less_stress"
    )
    assert logged.count() == 16  # only the participants shown
    others = client.get(url, {**QUERY, "group": "not_counted"}).content.decode()
    assert data[19].full_name in others and data[0].full_name not in others
    assert logged.count() == 20


@pytest.mark.parametrize("role", [Role.BOARD, Role.ANALYST, Role.COACH])
def test_drill_down_refused_for_roles_that_may_not_see_cases(client, data, role):
    login(client, role)
    before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
    response = client.get(reverse("outcomes:participants", args=["debt_free"]), QUERY)
    assert response.status_code == 403
    assert data[0].full_name not in response.content.decode()
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before + 1


def test_unknown_metric_is_404(client, data):
    login(client, Role.PROGRAMME_LEAD)
    assert client.get(reverse("outcomes:participants", args=["nope"]), QUERY).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "31-02-2026"},
        {"as_of": "morgen"},
        {"as_of": "1999-12-31"},
        {"cohorts": "999999"},
        {"municipalities": "abc"},
    ],
)
def test_bad_filter_input_gives_a_dutch_message_not_a_500(client, data, query):
    login(client, Role.PROGRAMME_LEAD)
    response = client.get(URL, {**QUERY, **query})
    assert response.status_code == 400
    body = response.content.decode()
    assert "utrecht-form-field-error-message" in body
    assert "De selectie kon niet worden gebruikt" in body
    for value in query.values():  # what the user typed is kept
        assert value in body or query.get("cohorts") or query.get("municipalities")


def test_filter_by_cohort_and_municipality(client, data):
    login(client, Role.PROGRAMME_LEAD)
    cohort = data[0].cohort
    response = client.get(URL, {**QUERY, "cohorts": cohort.pk})
    assert response.context["report"].population.denominator == 10


def test_as_of_defaults_to_today_for_the_lead(client, data):
    login(client, Role.PROGRAMME_LEAD)
    response = client.get(URL)
    assert response.context["report"].as_of == datetime.date.today()


def test_as_of_defaults_to_the_last_quarter_end_for_analysts(client, data):
    """Outside the programme the figures are published per quarter (docs/outcomes.md)."""
    from droomplan.outcomes.report import published_as_of

    login(client, Role.ANALYST)
    response = client.get(URL)
    as_of = response.context["report"].as_of
    assert as_of == published_as_of(datetime.date.today())
    assert as_of < datetime.date.today() and (as_of + datetime.timedelta(days=1)).day == 1


def test_trend_fragment(client, data):
    login(client, Role.BOARD)
    response = client.get(reverse("outcomes:trend"), QUERY, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    points = response.context["points"]
    assert points[-1].as_of == datetime.date(2026, 6, 30)
    assert points[-1].values["less_stress"].percentage == 80.0
    assert len(points) <= 8
    assert "<html" not in response.content.decode()
    full = client.get(reverse("outcomes:trend"), QUERY)
    assert "<html" in full.content.decode()


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_downloads(client, data, fmt, tmp_path):
    user = login(client, Role.ANALYST)
    response = client.get(reverse("outcomes:download", args=[fmt]), {**QUERY, "token": "abc123"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "extern" in response["Content-Disposition"]
    assert response.cookies["dp_download"].value == "abc123"
    content = response.content
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
    elif fmt == "xlsx":
        (tmp_path / "r.xlsx").write_bytes(content)
        load_workbook(tmp_path / "r.xlsx")
    else:
        assert b"DM-" not in content
    assert AccessLogEntry.objects.filter(user=user, action=Action.EXPORT).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_lead_internal_download_is_a_background_job_with_refs(client, data, fmt, tmp_path):
    """The internal XLSX/CSV (every case number) is made by a job: the request only queues it
    and goes to the job's status page (progress, then the download link), so it can never run
    into the worker timeout; the job logs every listed participant under the lead's name."""
    lead = login(client, Role.PROGRAMME_LEAD)
    response = client.get(reverse("outcomes:download", args=[fmt]), {**QUERY, "token": "t1"})
    job = Job.objects.get(owner=lead)
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.kwargs["fmt"] == fmt and "token" not in job.kwargs["query"]
    logged = AccessLogEntry.objects.filter(action=Action.EXPORT, object_type="case", user=lead)
    assert logged.count() == 0  # nothing made yet
    assert run_ready_tasks() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.percent == 100
    assert "intern" in job.result_name
    file = client.get(reverse("jobs:download", args=[job.pk]))
    content = b"".join(file.streaming_content)
    if fmt == "csv":
        assert b"numerator_refs" in content
    else:
        (tmp_path / "r.xlsx").write_bytes(content)
        assert "Deelnemers" in load_workbook(tmp_path / "r.xlsx").sheetnames
    assert logged.count() == 20


def test_lead_download_for_funders_stays_direct(client, data):
    login(client, Role.PROGRAMME_LEAD)
    funders = client.get(reverse("outcomes:download", args=["csv"]), {**QUERY, "external": "1"})
    assert "extern" in funders["Content-Disposition"]
    assert b"numerator_refs" not in funders.content


def test_unknown_download_format_is_404(client, data):
    login(client, Role.PROGRAMME_LEAD)
    assert client.get(reverse("outcomes:download", args=["docx"]), QUERY).status_code == 404


def test_home_shows_headlines_for_board_and_lead(client, programme):
    m = mother(programme, datetime.date(2025, 1, 1))
    debt(m, datetime.date(2025, 2, 1))
    for role in [Role.BOARD, Role.PROGRAMME_LEAD, Role.ANALYST]:
        login(client, role)
        body = client.get(reverse("core:home")).content.decode()
        assert URL in body, role


@pytest.mark.parametrize(("role", "queries"), [(Role.PROGRAMME_LEAD, 12), (Role.BOARD, 10)])
def test_page_queries_do_not_grow_with_participants(
    client, programme, role, queries, django_assert_num_queries
):
    if connection.vendor == "postgresql":
        queries += 1  # metrics._execute switches the JIT compiler off first
    login(client, role)
    client.get(URL, QUERY)  # the session's first request saves it (accounts.middleware)
    mother(programme, datetime.date(2025, 1, 1))
    with django_assert_num_queries(queries):
        assert client.get(URL, QUERY).status_code == 200
    for _i in range(15):
        m = ParticipantFactory(
            programme=programme, start_date=datetime.date(2025, 1, 1), status="active"
        )
        debt(m, datetime.date(2025, 3, 1))
    with django_assert_num_queries(queries):
        assert client.get(URL, QUERY).status_code == 200


def test_internal_download_job_checks_the_right_again_when_it_runs(client, data):
    lead = login(client, Role.PROGRAMME_LEAD)
    client.get(reverse("outcomes:download", args=["csv"]), QUERY)
    lead.is_active = False  # no longer allowed by the time the job runs
    lead.save()
    run_ready_tasks()
    job = Job.objects.get(owner=lead)
    assert job.status != JobStatus.SUCCEEDED
    assert not job.result_file
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT, object_type="case").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_internal_download_job_streams_into_its_result_file(client, data, fmt, monkeypatch):
    """Bounded memory by construction: the XLSX is a write-only workbook (rows go to disk as
    they are appended) and both formats are written into the job's result file as they are
    made, never handed over as one bytes object."""
    from droomplan.jobs import services as job_services
    from droomplan.outcomes import exports

    books, saved = [], []
    new_workbook = exports.new_workbook
    monkeypatch.setattr(exports, "new_workbook", lambda: books.append(new_workbook()) or books[-1])
    save_result = job_services.save_result
    monkeypatch.setattr(
        job_services,
        "save_result",
        lambda job, **kw: saved.append(type(kw["content"])) or save_result(job, **kw),
    )
    lead = login(client, Role.PROGRAMME_LEAD)
    client.get(reverse("outcomes:download", args=[fmt]), QUERY)
    run_ready_tasks()
    job = Job.objects.get(owner=lead)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert saved and bytes not in saved  # a file, copied in chunks
    if fmt == "xlsx":
        assert books and all(book.write_only for book in books)
    else:
        assert not books
