import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from droomplan.access import services
from droomplan.access.files import MAX_FORM_SIZE
from droomplan.access.models import Consent, ConsentMethod
from droomplan.access.personal_data import anonymise, export
from droomplan.access.policy import visible_participants
from droomplan.access.selectors import consents_of, expiring_consents
from droomplan.access.tests.conftest import PDF, PNG
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _pdf(name="formulier.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Services --------------------------------------------------------------------------------


def test_record_verbal_consent_with_the_coach_as_witness(coach, mother, credit_bank):
    consent = services.record_consent(
        actor=coach,
        participant=mother,
        organisation=credit_bank,
        scopes=["finances", "children", "finances"],
        given_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=365),
        method=ConsentMethod.VERBAL,
    )
    assert consent.scopes == ["finances", "children"]  # in the order of the life domains
    assert consent.witness == coach and consent.recorded_by == coach
    assert consent.is_valid_on(TODAY)
    entry = AccessLogEntry.objects.get(participant=mother, object_type="consent")
    assert (entry.action, entry.object_id) == (Action.CREATE, str(consent.pk))


def test_a_signed_form_is_kept_as_a_private_file(coach, mother, credit_bank):
    consent = services.record_consent(
        actor=coach,
        participant=mother,
        organisation=credit_bank,
        scopes=["finances"],
        given_on=TODAY,
        method=ConsentMethod.SIGNED_FORM,
        form_file=_pdf("Zeldzamenaam handtekening.pdf"),
    )
    assert consent.witness is None
    assert consent.form_content_type == "application/pdf"
    name = consent.form_file.name
    assert name.startswith("consents/") and name.endswith(".pdf")
    assert "Zeldzamenaam" not in name  # her name is not in the file name
    path = consent.form_file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    with open(path, "rb") as handle:
        assert handle.read() == PDF


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["money"]}, "scopes"),
        ({"given_on": TODAY + datetime.timedelta(days=1)}, "given_on"),
        ({"expires_on": TODAY - datetime.timedelta(days=1)}, "expires_on"),
        ({"method": ConsentMethod.SIGNED_FORM}, "form_file"),
        (
            {"method": ConsentMethod.SIGNED_FORM, "form_file": _pdf("x.pdf", b"MZ\x90\x00")},
            "form_file",
        ),
        ({"method": "carrier pigeon"}, "method"),
    ],
)
def test_record_consent_refuses_bad_input(coach, mother, credit_bank, fields, error_field):
    values = {
        "scopes": ["finances"],
        "given_on": TODAY,
        "expires_on": None,
        "method": ConsentMethod.VERBAL,
    } | fields
    with pytest.raises(ValidationError) as error:
        services.record_consent(actor=coach, participant=mother, organisation=credit_bank, **values)
    assert error_field in error.value.message_dict
    assert not Consent.objects.exists()


def test_an_inactive_organisation_gets_no_consent(coach, mother, credit_bank):
    credit_bank.is_active = False
    credit_bank.save()
    with pytest.raises(ValidationError):
        services.record_consent(
            actor=coach,
            participant=mother,
            organisation=credit_bank,
            scopes=["finances"],
            given_on=TODAY,
        )


def test_withdrawal_takes_effect_today(coach, mother):
    consent = ConsentFactory(participant=mother)
    services.withdraw_consent(actor=coach, consent=consent, reason="Wil het niet meer")
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY and consent.withdrawn_by == coach
    assert not consent.is_valid_on(TODAY)
    assert not Consent.objects.valid_on(TODAY).exists()
    with pytest.raises(ValidationError):
        services.withdraw_consent(actor=coach, consent=consent)
    assert AccessLogEntry.objects.filter(
        participant=mother, object_type="consent", action=Action.UPDATE, detail="withdrawn"
    ).exists()


# --- Selectors -------------------------------------------------------------------------------


def test_statuses(mother):
    ConsentFactory(participant=mother, expires_on=TODAY + datetime.timedelta(days=10))
    ConsentFactory(participant=mother, expires_on=TODAY + datetime.timedelta(days=31))
    ConsentFactory(participant=mother, expired=True)
    ConsentFactory(participant=mother, withdrawn=True)
    ConsentFactory(participant=mother, given_on=TODAY + datetime.timedelta(days=3))
    statuses = sorted(c.status for c in consents_of(mother))
    assert statuses == ["expired", "expires_soon", "not_yet", "valid", "withdrawn"]


def test_expiring_consents_only_of_her_own_families(coach, mother):
    soon = ConsentFactory(participant=mother, expires_on=TODAY + datetime.timedelta(days=30))
    ConsentFactory(participant=mother, expires_on=TODAY + datetime.timedelta(days=31))
    ConsentFactory(
        participant=mother, expires_on=TODAY + datetime.timedelta(days=5), withdrawn=True
    )
    other = ParticipantFactory(coach=CoachFactory(), active=True)
    ConsentFactory(participant=other, expires_on=TODAY + datetime.timedelta(days=3))
    assert [c.pk for c in expiring_consents(coach)] == [soon.pk]


# --- Pages -----------------------------------------------------------------------------------


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


def test_consent_list_shows_status_in_words(coach_client, mother):
    ConsentFactory(participant=mother, withdrawn=True)
    ConsentFactory(participant=mother, expires_on=TODAY + datetime.timedelta(days=7))
    response = coach_client.get(reverse("access:consent_list", args=[mother.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ingetrokken" in body and "Verloopt binnenkort" in body
    assert AccessLogEntry.objects.filter(
        participant=mother, object_type="consent", action=Action.VIEW
    ).exists()


def test_record_a_verbal_consent_through_the_page(coach_client, coach, mother, credit_bank):
    url = reverse("access:consent_create", args=[mother.pk])
    assert coach_client.get(url).status_code == 200
    response = coach_client.post(
        url,
        {
            "organisation": credit_bank.pk,
            "scopes": ["finances"],
            "given_on": TODAY.isoformat(),
            "expires_on": (TODAY + datetime.timedelta(days=364)).isoformat(),
            "method": ConsentMethod.VERBAL,
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.organisation, consent.scopes, consent.witness) == (
        credit_bank,
        ["finances"],
        coach,
    )


def test_errors_keep_what_was_typed_and_the_file(coach_client, mother, credit_bank):
    url = reverse("access:consent_create", args=[mother.pk])
    response = coach_client.post(
        url,
        {
            "organisation": credit_bank.pk,
            "scopes": [],
            "given_on": TODAY.isoformat(),
            "method": ConsentMethod.SIGNED_FORM,
            "note": "Alleen over de schulden",
            "form_file": _pdf("getekend.pdf"),
        },
    )
    assert response.status_code == 200
    assert not Consent.objects.exists()
    form = response.context["form"]
    assert "scopes" in form.errors
    body = response.content.decode()
    assert "Alleen over de schulden" in body
    assert "getekend.pdf" in body  # the page says the file is kept
    token = form.data["pending_file"]
    assert token
    response = coach_client.post(
        url,
        {
            "organisation": credit_bank.pk,
            "scopes": ["finances"],
            "given_on": TODAY.isoformat(),
            "method": ConsentMethod.SIGNED_FORM,
            "pending_file": token,
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    with consent.form_file.open("rb") as handle:
        assert handle.read() == PDF
    assert not (settings.MEDIA_ROOT / "consents" / "pending").exists() or not list(
        (settings.MEDIA_ROOT / "consents" / "pending").iterdir()
    )


def test_a_pending_file_of_another_session_is_not_used(client, coach, mother, credit_bank):
    client.force_login(coach)
    url = reverse("access:consent_create", args=[mother.pk])
    response = client.post(
        url,
        {
            "organisation": credit_bank.pk,
            "scopes": ["finances"],
            "given_on": TODAY.isoformat(),
            "method": ConsentMethod.SIGNED_FORM,
            "pending_file": "0123456789abcdef0123456789abcdef",
        },
    )
    assert response.status_code == 200
    assert "form_file" in response.context["form"].errors


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00binary", "virus.pdf", "geen PDF, JPEG of PNG"),
        (b"", "leeg.pdf", "leeg"),
    ],
)
def test_a_bad_file_gets_a_clear_message(coach_client, mother, credit_bank, content, name, message):
    response = coach_client.post(
        reverse("access:consent_create", args=[mother.pk]),
        {
            "organisation": credit_bank.pk,
            "scopes": ["finances"],
            "given_on": TODAY.isoformat(),
            "method": ConsentMethod.SIGNED_FORM,
            "form_file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()


def test_a_too_large_file_is_refused(coach_client, mother, credit_bank):
    big = SimpleUploadedFile("groot.png", PNG + b"\x00" * MAX_FORM_SIZE)
    response = coach_client.post(
        reverse("access:consent_create", args=[mother.pk]),
        {
            "organisation": credit_bank.pk,
            "scopes": ["finances"],
            "given_on": TODAY.isoformat(),
            "method": ConsentMethod.SIGNED_FORM,
            "form_file": big,
        },
    )
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert not Consent.objects.exists()


def _signed(mother, coach, credit_bank, content=PNG, name="foto.png"):
    return services.record_consent(
        actor=coach,
        participant=mother,
        organisation=credit_bank,
        scopes=["finances"],
        given_on=TODAY,
        method=ConsentMethod.SIGNED_FORM,
        form_file=SimpleUploadedFile(name, content),
    )


def test_the_signed_form_is_served_after_the_access_check(coach_client, coach, mother, credit_bank):
    consent = _signed(mother, coach, credit_bank)
    response = coach_client.get(reverse("access:consent_form", args=[mother.pk, consent.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert mother.given_name not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG
    assert AccessLogEntry.objects.filter(
        participant=mother, object_type="consent_form", outcome=Outcome.ALLOWED
    ).exists()


@pytest.mark.parametrize("who", ["partner", "other_coach", "admin"])
def test_nobody_else_opens_the_signed_form(client, coach, mother, credit_bank, partner, who):
    consent = _signed(mother, coach, credit_bank)
    users = {
        "partner": partner,  # even the organisation the consent is for
        "other_coach": CoachFactory(),
        "admin": UserFactory(role=Role.ADMIN),
    }
    client.force_login(users[who])
    response = client.get(reverse("access:consent_form", args=[mother.pk, consent.pk]))
    assert response.status_code in (403, 404)
    assert AccessLogEntry.objects.filter(participant=mother, outcome=Outcome.DENIED).exists()


def test_the_private_files_have_no_public_url(coach, mother, credit_bank):
    consent = _signed(mother, coach, credit_bank)
    for prefix in ("/private/", "/media/", "/"):
        with pytest.raises(Resolver404):
            resolve(prefix + consent.form_file.name)
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_a_consent_of_another_family_is_not_found(coach_client, coach, mother):
    other = ConsentFactory()
    for name in ("access:consent_withdraw", "access:consent_form"):
        response = coach_client.get(reverse(name, args=[mother.pk, other.pk]))
        assert response.status_code == 404


def test_withdraw_through_the_page(coach_client, coach, mother):
    consent = ConsentFactory(participant=mother)
    url = reverse("access:consent_withdraw", args=[mother.pk, consent.pk])
    assert coach_client.get(url).status_code == 200
    response = coach_client.post(url, {"reason": "Zelf gedaan"})  # not confirmed
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert "Zelf gedaan" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    response = coach_client.post(url, {"reason": "Zelf gedaan", "confirm": "on"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY and consent.withdrawal_reason == "Zelf gedaan"
    # Again: the page says it is already withdrawn.
    assert coach_client.get(url).status_code == 302


def test_the_case_page_lists_consents_for_the_coach(coach_client, mother, credit_bank):
    ConsentFactory(participant=mother, organisation=credit_bank)
    overview = coach_client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert "Gedeeld met: Kredietbank Limburg" in overview  # its summary line
    body = coach_client.get(reverse("cases:part", args=[mother.pk, "consents"])).content.decode()
    assert 'id="consents"' in body and "Kredietbank Limburg" in body
    assert reverse("access:consent_create", args=[mother.pk]) in body


def test_coach_home_shows_consents_that_expire_soon(coach_client, mother, credit_bank):
    ConsentFactory(
        participant=mother,
        organisation=credit_bank,
        expires_on=TODAY + datetime.timedelta(days=12),
    )
    body = coach_client.get(reverse("core:home")).content.decode()
    assert 'id="expiring-consents"' in body and mother.full_name in body


def test_partner_home_lists_her_shared_families(client, partner, mother, credit_bank):
    ConsentFactory(participant=mother, organisation=credit_bank)
    hidden = ParticipantFactory(given_name="Nietgedeeld")
    ConsentFactory(participant=hidden, organisation=credit_bank, withdrawn=True)
    client.force_login(partner)
    body = client.get(reverse("core:home")).content.decode()
    assert mother.full_name in body and "Nietgedeeld" not in body
    assert "Geld (schulden" in body  # the shared life domain


# --- Query counts ----------------------------------------------------------------------------


def get_ok(client, url):
    assert client.get(url).status_code == 200


def test_consent_list_queries_do_not_grow(coach_client, coach, mother, django_assert_num_queries):
    url = reverse("access:consent_list", args=[mother.pk])
    ConsentFactory(participant=mother, witness=coach, recorded_by=coach)
    get_ok(coach_client, url)  # the session's first request saves it (accounts.middleware)
    with django_assert_num_queries(10):
        get_ok(coach_client, url)
    for _ in range(6):
        ConsentFactory(
            participant=mother,
            organisation=OrganisationFactory(),
            witness=CoachFactory(),
            withdrawn_on=TODAY,
            withdrawn_by=CoachFactory(),
        )
    with django_assert_num_queries(10):
        get_ok(coach_client, url)


def test_partner_pages_queries_do_not_grow(
    client, partner, credit_bank, coach, django_assert_num_queries
):
    from droomplan.cases.tests.factories import ContactFactory
    from droomplan.plans.tests.factories import ActionFactory, GoalFactory

    def family():
        mother = ParticipantFactory(coach=coach, active=True)
        ConsentFactory(participant=mother, organisation=credit_bank)
        goal = GoalFactory(participant=mother)
        # an action for her organisation: the home page's work list is never empty
        ActionFactory(goal=goal, owner="partner", organisation=credit_bank)
        contact = ContactFactory(participant=mother, author=coach)
        contact.shared_with.set([credit_bank])
        return mother

    first = family()
    client.force_login(partner)
    pages = [
        (reverse("cases:detail", args=[first.pk]), 18),
        # The caseload reads the ids of her consented families first (`access.policy.
        # visible_participants(ids_first=True)`) and filters on them: as a subquery PostgreSQL
        # misjudged it at 100,000 families (one query more than before).
        (reverse("cases:caseload"), 12),
        # her shared families: the valid consents' ids, then the families shown (was one query
        # that loaded every shared family with her consents); the oldest note shared with her
        # organisation, then the new ones (the access log from that month on, issue 18)
        (reverse("core:home"), 12),
    ]
    get_ok(client, pages[0][0])  # the session's first request saves it (accounts.middleware)
    for url, queries in pages:
        with django_assert_num_queries(queries, info=url):
            get_ok(client, url)
    for _ in range(5):
        family()
        for _ in range(3):
            goal = GoalFactory(participant=first)
            ActionFactory(goal=goal)
            ContactFactory(participant=first, author=coach).shared_with.set([credit_bank])
    for url, queries in pages:
        with django_assert_num_queries(queries, info=url):
            get_ok(client, url)


# --- Privacy rights --------------------------------------------------------------------------


def test_export_and_anonymise(coach, mother, credit_bank):
    consent = _signed(mother, coach, credit_bank)
    Consent.objects.filter(pk=consent.pk).update(note="Alleen schulden")
    data = export(mother)
    assert data[0]["organisation_code"] == "kredietbank"
    assert data[0]["scopes"] == ["finances"] and data[0]["signed_form_kept"] is True
    path = Consent.objects.get().form_file.path
    assert anonymise(mother) == 1
    consent = Consent.objects.get()
    assert consent.note == "" and not consent.form_file
    assert consent.scopes == ["finances"] and consent.given_on == TODAY
    import os

    assert not os.path.exists(path)
    assert anonymise(mother) == 0


# --- Demo ------------------------------------------------------------------------------------


def test_demo_consents(client):
    from droomplan.accounts.models import User
    from droomplan.core.demo import load_demo

    load_demo()
    partner = User.objects.get(username="partner.kredietbank")
    refs = set(visible_participants(partner).values_list("ref", flat=True))
    assert refs == {"DM-0001", "DM-0002", "DM-0003", "DM-0004", "DM-0006"}
    mik = User.objects.get(username="partner.mik")
    assert set(visible_participants(mik).values_list("ref", flat=True)) == {
        "DM-0001",
        "DM-0003",
        "DM-0007",
    }
    coach = User.objects.get(username="coach.trajekt")
    lead_expiring = [c.participant.ref for c in expiring_consents(coach)]
    assert lead_expiring in ([], ["DM-0003"])  # DM-0003 ends within 30 days, if hers
    assert Consent.objects.count() == 9
    load_demo()
    assert Consent.objects.count() == 9


def test_lead_home_shows_every_family_with_a_consent_that_expires_soon(client, mother):
    other = ParticipantFactory(coach=CoachFactory(), active=True, given_name="Anderemoeder")
    ConsentFactory(participant=mother, expires_on=TODAY + datetime.timedelta(days=3))
    ConsentFactory(participant=other, expires_on=TODAY + datetime.timedelta(days=29))
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    body = client.get(reverse("core:home")).content.decode()
    assert 'id="expiring-consents"' in body
    assert mother.full_name in body and "Anderemoeder" in body


def test_a_partner_cannot_choose_who_reads_her_note(client, partner, credit_bank, mother):
    ConsentFactory(participant=mother, organisation=credit_bank)
    elsewhere = OrganisationFactory(code="elders")
    client.force_login(partner)
    url = reverse("cases:contact_add", args=[mother.pk])
    assert "shared_with" not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "date": TODAY.isoformat(),
            "kind": "phone",
            "duration_minutes": 10,
            "note": "Gebeld over de beslagen",
            "domain": "finances",
            "shared_with": [elsewhere.pk],
        },
    )
    assert response.status_code == 302
    note = mother.contacts.get()
    assert list(note.shared_with.all()) == [credit_bank]
    assert note.author == partner
