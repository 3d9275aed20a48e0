"""Headers on every response and NUL characters refused (docs/security.md, items 12 and 13):
Permissions-Policy everywhere, `Cache-Control: no-store` on every page and download except the
static files, and a NUL byte in the address or a form field gives 400, never 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.jobs.models import Job
from droomplan.jobs.testing import run_ready_tasks
from droomplan.programmes.models import Municipality
from droomplan.programmes.tests.factories import ProgrammeFactory


@pytest.fixture
def case(db):
    maastricht = Municipality.objects.get(cbs_code="GM0935")
    programme = ProgrammeFactory(municipalities=[maastricht])
    coach = UserFactory(role=Role.COACH, username="coach-hardening")
    participant = ParticipantFactory(
        programme=programme, municipality=maastricht, coach=coach, active=True
    )
    return coach, participant


def assert_private(response):
    cache_control = response.headers["Cache-Control"]
    assert "no-store" in cache_control
    assert "public" not in cache_control and "max-age=3600" not in cache_control
    assert response.headers["Pragma"] == "no-cache"


def assert_permissions_policy(response):
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_public_pages_are_not_cached_and_have_a_permissions_policy(client, db):
    for url in ("/account/inloggen/", "/melden/", "/health/", "/bestaat-niet/"):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert_private(response)
        assert_permissions_policy(response)


def test_pages_and_downloads_with_personal_data_are_not_cached(client, case):
    coach, participant = case
    client.force_login(coach)
    urls = [
        reverse("cases:detail", args=[participant.pk]),
        reverse("cases:edit", args=[participant.pk]),
        reverse("cases:caseload"),
        f"/deelnemers/{participant.pk}/inzagelog/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response)
        assert_permissions_policy(response)
    # A redirect and a refusal of a logged-in person too.
    response = client.get(f"/deelnemers/{participant.pk + 999}/")
    assert response.status_code in {403, 404}
    assert_private(response)


def test_downloads_with_personal_data_are_not_cached(client, case):
    coach, participant = case
    lead = UserFactory(role=Role.PROGRAMME_LEAD, username="lead-hardening")
    client.force_login(lead)
    # The whole programme as an exchange file (made by a background job; its result is a
    # streamed download that sets no header itself).
    queued = client.get(reverse("exchange:export"), {"programme": participant.programme_id})
    assert queued.status_code == 302
    run_ready_tasks()
    export = client.get(reverse("jobs:download", args=[Job.objects.get(owner=lead).pk]))
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    assert_private(export)
    assert_permissions_policy(export)
    b"".join(export.streaming_content)
    client.force_login(coach)
    inzage = client.get(f"/deelnemers/{participant.pk}/inzage/")
    assert inzage.status_code in {200, 302}
    assert_private(inzage)


def test_a_view_cannot_make_a_page_cacheable(rf, db):
    from django.http import HttpResponse
    from django.utils.cache import patch_cache_control

    from droomplan.core.hardening import PrivateResponseMiddleware

    def view(request):
        response = HttpResponse("x")
        patch_cache_control(response, public=True, max_age=3600)
        return response

    response = PrivateResponseMiddleware(view)(rf.get("/resultaten/"))
    assert_private(response)
    assert "max-age=0" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_static_files_stay_cacheable(client, settings):
    response = client.get("/static/droomplan/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Pragma" not in response.headers
    assert_permissions_policy(response)


# --- NUL characters (item 12) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/account/inloggen/?next=/%00",
        "/account/inloggen/%00",
        "/melden/GM0935%00/",
        "/melden/?q=%00",
        "/deelnemers/%00/",
        "/deelnemers/?zoek=a%00b",
        "/signalen/?status=%00",
        "/resultaten/?cohort=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400(client, case, url):
    client.force_login(case[0])
    response = client.get(url)
    assert response.status_code in {400, 404}, url


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_nul_byte_in_a_form_is_a_400(client, case, anonymous):
    coach, participant = case
    if not anonymous:
        client.force_login(coach)
    posts = [
        ("/account/inloggen/", {"username": "coach\x00", "password": "x\x00y"}),
        ("/melden/GM0935/", {"concern": "Zorgen\x00", "signaller_role": "neighbour"}),
        (reverse("cases:edit", args=[participant.pk]), {"given_name": "Anna\x00"}),
        ("/account/inloggen/", {"user\x00name": "coach"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 400, url
    upload = SimpleUploadedFile("x.json", b"{}", content_type="application/json")
    multipart = client.post("/uitwisseling/", {"note": "a\x00b", "file": upload})
    assert multipart.status_code == 400


def test_a_normal_form_still_works(client, case):
    response = client.post("/account/inloggen/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200


# --- dates that make no sense (item 12) -------------------------------------------------------


def form_errors(form_class, data, field, **kwargs):
    form = form_class(data=data, **kwargs)
    form.is_valid()
    return " ".join(form.errors.get(field, []))


@pytest.mark.parametrize(
    ("form_path", "field", "kwargs"),
    [
        ("droomplan.cases.forms.IntakeForm", "birth_date", {}),
        ("droomplan.cases.forms.ParticipantForm", "birth_date", {}),
        ("droomplan.cases.forms.ChildForm", "birth_date", {}),
        ("droomplan.cases.forms.ContactForm", "date", {"participant": True}),
        ("droomplan.lifedomains.forms.DebtForm", "registered_on", {}),
        ("droomplan.lifedomains.forms.DebtForm", "settled_on", {}),
        ("droomplan.lifedomains.forms.DebtRouteForm", "date", {}),
    ],
)
def test_dates_before_1900_are_refused_in_every_form(db, form_path, field, kwargs):
    from django.utils.module_loading import import_string

    form_class = import_string(form_path)
    if kwargs.get("participant"):
        kwargs = {**kwargs, "participant": ParticipantFactory()}
    for day in ("1899-12-31", "0001-01-01", "1066-10-14"):
        errors = form_errors(form_class, {field: day}, field, **kwargs)
        assert "1900" in errors, (form_path, day, errors)
    assert "1900" not in form_errors(form_class, {field: "1990-01-01"}, field, **kwargs)


def test_far_future_and_future_birth_dates_are_refused(db):
    import datetime

    from django.utils import timezone

    from droomplan.cases.forms import ChildForm, ParticipantForm
    from droomplan.plans.forms import GoalForm

    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for form_class in (ParticipantForm, ChildForm):
        assert form_errors(form_class, {"birth_date": tomorrow}, "birth_date")
        assert form_errors(form_class, {"birth_date": "9999-12-31"}, "birth_date")
    participant = ParticipantFactory()
    in_two_years = (timezone.localdate() + datetime.timedelta(days=730)).isoformat()
    assert not form_errors(
        GoalForm, {"target_date": in_two_years}, "target_date", participant=participant
    )
    errors = form_errors(
        GoalForm, {"target_date": "2999-01-01"}, "target_date", participant=participant
    )
    assert "100" in errors


def test_a_date_before_1900_through_the_edit_page_is_a_form_error(client, case):
    coach, participant = case
    client.force_login(coach)
    url = reverse("cases:edit", args=[participant.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(birth_date="1850-05-17", municipality=participant.municipality_id)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "1900" in " ".join(response.context["form"].errors["birth_date"])
    participant.refresh_from_db()
    assert participant.birth_date.year == 2001
    assert 'min="1900-01-01"' in response.content.decode()


def test_a_consent_form_upload_that_fails_leaves_no_file(case, settings, tmp_path, monkeypatch):
    """The other upload (a signed consent form): when recording fails after the file was
    stored, the file is removed again (item 12)."""
    import datetime

    from droomplan.access import services as access_services
    from droomplan.access.models import ConsentMethod
    from droomplan.accounts.models import OrganisationKind
    from droomplan.accounts.tests.factories import OrganisationFactory

    settings.MEDIA_ROOT = tmp_path / "private"
    coach, participant = case
    bank = OrganisationFactory(code="bank-hardening", kind=OrganisationKind.CREDIT_BANK)

    def broken_log(*args, **kwargs):
        raise RuntimeError("the access log is unavailable")

    monkeypatch.setattr(access_services, "_log", broken_log)
    pdf = SimpleUploadedFile("getekend.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(RuntimeError):
        access_services.record_consent(
            actor=coach,
            participant=participant,
            organisation=bank,
            scopes=["finances"],
            given_on=datetime.date.today(),
            method=ConsentMethod.SIGNED_FORM,
            form_file=pdf,
        )
    assert (tmp_path / "private" / "consents").is_dir()  # the file was written ...
    stored = [p for p in (tmp_path / "private").rglob("*") if p.is_file()]
    assert stored == []  # ... and removed again
