"""The access overview (inzagelog) and the right of access (inzage export)."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from droomplan.access import inzage, parts
from droomplan.access.sections import rights_section
from droomplan.accounts.models import Membership, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.audit.services import _actor_fields, record
from droomplan.cases.models import Participant
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.jobs.models import Job, JobStatus
from droomplan.jobs.testing import follow_job, run_ready_tasks

from .factories import ConsentFactory
from .rights_fixtures import full_case


@pytest.fixture
def coach(db):
    return UserFactory(
        role=Role.COACH,
        role__organisation=OrganisationFactory(name="Trajekt"),
        first_name="Sanne",
        last_name="Coach",
    )


@pytest.fixture
def mother(coach):
    return full_case(coach=coach)


def _at(day: datetime.date, hour=12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _entry(mother, day, *, user=None, action=Action.VIEW, outcome=Outcome.ALLOWED):
    """An entry written on `day` (the application itself always writes `now`)."""
    return AccessLogEntry.objects.create(
        **_actor_fields(user),
        at=_at(day),
        action=action,
        object_type="goal",
        participant=mother,
        outcome=outcome,
    )


def _overview(client, mother, **params):
    return client.get(reverse("rights:overview", args=[mother.pk]), params)


# --- The access overview ---------------------------------------------------------------------


def test_overview_shows_who_with_organisation_and_role_as_they_were(client, coach, mother):
    partner_org = OrganisationFactory(name="Kredietbank Limburg")
    partner = UserFactory(
        role=Role.PARTNER, role__organisation=partner_org, first_name="Piet", last_name="Bank"
    )
    _entry(mother, datetime.date(2026, 3, 1), user=partner)
    # Later Piet changes jobs: the log still says what he was then.
    Membership.objects.filter(user=partner).update(role=Role.BOARD)
    client.force_login(coach)
    response = _overview(client, mother)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Piet Bank" in body
    assert "Kredietbank Limburg" in body
    assert "Professional bij partner" in body or "Partner professional" in body
    assert "Doel" in body  # the object type in words (the goal's verbose name)


def test_viewing_the_overview_is_itself_logged(client, coach, mother):
    client.force_login(coach)
    _overview(client, mother)
    entry = AccessLogEntry.objects.filter(participant=mother, object_type="access_log").get()
    assert (entry.action, entry.outcome, entry.username) == (
        Action.VIEW,
        Outcome.ALLOWED,
        coach.username,
    )


def test_programme_lead_sees_the_overview(client, mother):
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    assert _overview(client, mother).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.COACH, Role.PARTNER, Role.ANALYST, Role.BOARD, Role.ADMIN, Role.PARTICIPANT]
)
def test_others_are_refused_and_the_refusal_is_logged(client, mother, role):
    client.force_login(UserFactory(role=role))
    assert _overview(client, mother).status_code in (403, 404)
    denied = AccessLogEntry.objects.get(participant=mother, outcome=Outcome.DENIED)
    assert denied.object_type == "access_log"


def test_a_partner_with_access_to_part_of_the_case_is_refused(client, mother):
    """Even when the consent rules let a partner into (part of) the case, the overview and
    the inzage export stay with those who run the whole file."""
    organisation = OrganisationFactory(code="kredietbank")
    partner = UserFactory(role=Role.PARTNER, role__organisation=organisation)
    ConsentFactory(participant=mother, organisation=organisation, scopes=["finances"])
    client.force_login(partner)
    assert client.get(reverse("cases:detail", args=[mother.pk])).status_code == 200
    assert _overview(client, mother).status_code == 403
    assert client.post(reverse("rights:inzage", args=[mother.pk])).status_code == 403
    assert AccessLogEntry.objects.filter(participant=mother, outcome=Outcome.DENIED).count() == 2


def test_period_filter_includes_both_end_days(client, coach, mother):
    for day in (datetime.date(2026, 2, 28), datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)):
        _entry(mother, day, user=coach)
    _entry(mother, datetime.date(2026, 4, 1), user=coach)
    client.force_login(coach)
    response = _overview(client, mother, date_from="2026-03-01", date_to="2026-03-31")
    dates = [e.at.date() for e in response.context["page"].object_list]
    assert dates == [datetime.date(2026, 3, 31), datetime.date(2026, 3, 1)]


def test_filter_on_action_and_refusals(client, coach, mother):
    _entry(mother, datetime.date(2026, 3, 1), action=Action.UPDATE)
    _entry(mother, datetime.date(2026, 3, 2), outcome=Outcome.DENIED)
    client.force_login(coach)
    page = _overview(client, mother, action="update").context["page"]
    assert [e.action for e in page.object_list] == [Action.UPDATE]
    page = _overview(client, mother, outcome="denied").context["page"]
    assert [e.outcome for e in page.object_list] == [Outcome.DENIED]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"date_from": "31-31-2026"}, "date_from"),
        ({"date_from": "gisteren"}, "date_from"),
        ({"date_to": "0001-01-01"}, "date_to"),
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"date_from": "2026-04-01", "date_to": "2026-03-01"}, "date_to"),
        ({"action": "<script>"}, "action"),
    ],
)
def test_bad_filters_give_a_dutch_message_not_an_error(client, coach, mother, params, field):
    client.force_login(coach)
    response = _overview(client, mother, **params)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    body = response.content.decode()
    assert "utrecht-form-field-error-message" in body
    for value in params.values():  # what she typed is still there
        if value != "<script>":
            assert f'value="{value}"' in body


def test_bad_date_message_is_dutch(client, coach, mother):
    client.force_login(coach)
    body = _overview(client, mother, date_from="gisteren").content.decode()
    assert "Dit is geen datum" in body


def test_overview_is_paginated(client, coach, mother):
    for _ in range(60):
        record(request=None, user=coach, action=Action.VIEW, object_type="case", participant=mother)
    client.force_login(coach)
    first = _overview(client, mother)
    assert len(first.context["page"].object_list) == 50
    second = _overview(client, mother, page=2)
    assert second.context["page"].number == 2
    assert _overview(client, mother, page="abc").status_code == 200


def test_overview_queries_do_not_grow_with_the_log(
    client, coach, mother, django_assert_num_queries
):
    client.force_login(coach)
    record(request=None, user=coach, action=Action.VIEW, object_type="case", participant=mother)
    _overview(client, mother)  # the session's first request saves it (accounts.middleware)
    with django_assert_num_queries(10):
        _overview(client, mother, date_from="2020-01-01")
    for i in range(120):
        user = UserFactory(role=Role.COACH) if i % 10 == 0 else coach
        record(request=None, user=user, action=Action.VIEW, object_type="goal", participant=mother)
    with django_assert_num_queries(10):
        _overview(client, mother, date_from="2020-01-01")


def test_only_her_own_entries_are_shown(client, coach, mother):
    other = ParticipantFactory()
    record(request=None, user=coach, action=Action.VIEW, object_type="case", participant=other)
    client.force_login(coach)
    page = _overview(client, mother).context["page"]
    assert all(e.participant_id == mother.pk for e in page.object_list)


# --- The case-page section -------------------------------------------------------------------


def _section(user, mother) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return rights_section(request, mother, frozenset())


def test_case_page_links_to_the_overview_and_inzage(client, coach, mother):
    client.force_login(coach)
    body = client.get(reverse("cases:part", args=[mother.pk, "rights"])).content.decode()
    assert reverse("rights:overview", args=[mother.pk]) in body
    assert reverse("rights:inzage", args=[mother.pk]) in body


def test_section_is_empty_for_someone_who_does_not_run_the_file(mother):
    assert _section(UserFactory(role=Role.COACH), mother) == ""
    assert "inzagelog" in _section(UserFactory(role=Role.PROGRAMME_LEAD), mother)


def test_section_says_until_when_an_ended_file_is_kept(coach):
    ended = full_case(coach=coach, ended_on=datetime.date(2025, 6, 30))
    assert "30 juni 2027" in _section(UserFactory(role=Role.PROGRAMME_LEAD), ended)


# --- Right of access (inzage) ----------------------------------------------------------------


def _inzage(client, mother, fmt):
    """The download is made by a background job: follow it to its file."""
    return follow_job(
        client, client.post(reverse("rights:inzage", args=[mother.pk]), {"format": fmt})
    )


def test_inzage_page_lists_the_parts_and_logs_the_view(client, coach, mother):
    client.force_login(coach)
    response = client.get(reverse("rights:inzage", args=[mother.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for part in parts.parts():
        assert str(part.title) in body
    assert AccessLogEntry.objects.filter(
        participant=mother, object_type="inzage", action=Action.VIEW
    ).exists()


def test_inzage_json_holds_every_part_and_everything_in_it(client, coach, mother):
    client.force_login(coach)
    response = _inzage(client, mother, "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert set(data["parts"]) == {part.label for part in parts.parts()}
    assert {"case_file", "plan", "access_log"} <= set(data["parts"])
    case = data["parts"]["case_file"]
    assert case["participant"]["given_name"] == "Zeldzamenaam"
    assert case["participant"]["birth_date"] == "2001-05-17"
    assert case["children"][0]["school"] == "Basisschool Het Anker"
    assert case["contacts"][0]["note"] == "Huisbezoek-geheim"
    assert case["coach_assignments"][0]["handover_note"] == "Overdracht-geheim"
    assert {s["to_status"] for s in case["status_history"]} >= {"Intake", "Actief"}
    plan = data["parts"]["plan"]
    assert plan["dreams"][0]["text"] == "Droom-geheim"
    assert plan["goals"][0]["title"] == "Doel-geheim"
    assert plan["goals"][0]["status_history"][0]["reason"] == "Reden-geheim"
    assert plan["goals"][0]["actions"][0]["description"] == "Actie-geheim"
    assert data["case_number"] == mother.ref


def test_every_participant_model_is_in_the_export_of_its_app(mother):
    """Each part exports data of her: nothing silently empty for a full case."""
    data = inzage.collect(mother)
    for label in ("case_file", "plan"):
        assert all(data["parts"][label].values()), label


def test_inzage_pdf_is_a_real_readable_pdf(client, coach, mother):
    client.force_login(coach)
    response = _inzage(client, mother, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000


def test_inzage_pdf_html_has_a_heading_per_part_in_dutch(mother):
    from django.template.loader import render_to_string

    html = render_to_string(
        "access/rights/inzage_pdf.html", inzage.inzage_context(mother, inzage.collect(mother))
    )
    assert html.count("<h2>") == len(parts.parts())
    assert "Wie heeft dit dossier bekeken" in html
    assert "17 mei 2001" in html  # dates in words
    assert "Voornaam" in html  # field names from the models, in Dutch


def test_inzage_zip_has_json_and_pdf_and_is_logged(client, coach, mother):
    client.force_login(coach)
    response = _inzage(client, mother, "zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert any(n.endswith(".json") for n in names)
    pdf = next(n for n in names if n.endswith(".pdf"))
    assert archive.read(pdf).startswith(b"%PDF")
    entry = AccessLogEntry.objects.get(participant=mother, action=Action.EXPORT)
    assert (entry.object_type, entry.username) == ("inzage", coach.username)
    assert entry.detail.startswith("zip")


def test_unknown_format_falls_back_to_the_zip(client, coach, mother):
    client.force_login(coach)
    assert _inzage(client, mother, "exe")["Content-Type"] == "application/zip"


def test_inzage_is_refused_to_another_coach(client, mother):
    client.force_login(UserFactory(role=Role.COACH))
    response = client.post(reverse("rights:inzage", args=[mother.pk]), {"format": "json"})
    assert response.status_code == 404
    assert not Job.objects.exists()
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()
    assert AccessLogEntry.objects.filter(participant=mother, outcome=Outcome.DENIED).exists()


# --- Discovery: every app that holds her data takes part -------------------------------------


def _apps_with_participant_data() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model is Participant:
                found.setdefault(model._meta.app_config.name, []).append(model.__name__)
    return found


def test_every_app_with_participant_data_has_a_personal_data_module():
    """An app whose models point at a participant must say what it holds on her (inzage) and
    how to anonymise it (retention): add `droomplan/<app>/personal_data.py` (see
    docs/privacy-rights.md), or list the app in parts.EXEMPT_APPS with the reason."""
    with_module = {part.module.__name__.rsplit(".", 1)[0] for part in parts.parts()}
    missing = {
        app: models
        for app, models in _apps_with_participant_data().items()
        if app not in with_module and app.rsplit(".", 1)[-1] not in parts.EXEMPT_APPS
    }
    assert missing == {}, f"add a personal_data module to: {missing}"


def test_every_personal_data_module_follows_the_convention(mother):
    for part in parts.parts():
        assert isinstance(part.label, str) and part.label
        assert part.has("export") and part.has("anonymise")
        json.dumps(
            part.module.export(mother),
            cls=__import__(
                "django.core.serializers.json", fromlist=["DjangoJSONEncoder"]
            ).DjangoJSONEncoder,
        )
    assert parts.parts()[-1].label == "access_log"  # who looked comes last in her file


def test_inzage_is_a_background_job_that_checks_the_right_again(client, coach, mother):
    """The request only queues the download and goes to the job's status page; when her
    coach is no longer her coach by the time the job runs, nothing is made or logged."""
    client.force_login(coach)
    response = client.post(reverse("rights:inzage", args=[mother.pk]), {"format": "json"})
    job = Job.objects.get(owner=coach)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    exports = AccessLogEntry.objects.filter(participant=mother, action=Action.EXPORT)
    assert not exports.exists()  # nothing made yet
    coach.is_active = False
    coach.save()
    run_ready_tasks()
    job.refresh_from_db()
    assert job.status != JobStatus.SUCCEEDED and not job.result_file
    assert not exports.exists()
