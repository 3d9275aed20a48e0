"""The partners' API (issue 21): a credit bank's system works on a consenting mother's debts
with the same rules, audit entries and services as the web."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from droomplan.access.services import withdraw_consent
from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import ApplicationToken, OrganisationKind, Role, TokenScope
from droomplan.accounts.services import authenticate_token, revoke_application_token
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.lifedomains.models import Debt
from droomplan.lifedomains.tests.factories import DebtFactory

from .factories import bearer, make_token

JSON = "application/json"


@pytest.fixture
def bank(db):
    coach = UserFactory(role=Role.COACH)
    mother = ParticipantFactory(coach=coach, active=True)
    org = OrganisationFactory(
        code="kredietbank", name="Kredietbank", kind=OrganisationKind.CREDIT_BANK
    )
    consent = ConsentFactory(participant=mother, organisation=org)
    debt = DebtFactory(participant=mother, creditor="Energieleverancier")
    token, text = make_token(org)
    return {
        "coach": coach,
        "mother": mother,
        "org": org,
        "consent": consent,
        "debt": debt,
        "token": token,
        "headers": bearer(text),
    }


def debt_url(world, *rest):
    return reverse("api:debt", args=[world["mother"].pk, world["debt"].pk]) + "".join(rest)


def test_the_credit_bank_updates_route_and_settlement_the_coach_sees_it(client, bank):
    headers = bank["headers"]
    got = client.get(debt_url(bank), **headers)
    assert got.status_code == 200, got.content
    etag = got["ETag"]
    route = client.post(
        reverse("api:debt_route", args=[bank["mother"].pk, bank["debt"].pk]),
        {"route": "consolidation_loan", "date": "2025-03-01", "note": "Saneringskrediet"},
        content_type=JSON,
        HTTP_IF_MATCH=etag,
        **headers,
    )
    assert route.status_code == 200, route.content
    assert route.json()["route"] == "consolidation_loan"
    settled = client.patch(
        debt_url(bank),
        {"settled_on": "2025-06-30"},
        content_type=JSON,
        HTTP_IF_MATCH=route["ETag"],
        **headers,
    )
    assert settled.status_code == 200, settled.content
    debt = Debt.objects.get(pk=bank["debt"].pk)
    assert debt.route == "consolidation_loan"
    assert debt.settled_on == datetime.date(2025, 6, 30)
    # The coach sees it on the case page (the route and the settlement of this debt), and
    # the audit entry names the application: in the log and on her access overview.
    client.force_login(bank["coach"])
    url = reverse("cases:part", args=[bank["mother"].pk, "lifedomains"])
    page = client.get(url).content.decode()
    item = page.split(f'id="schulden-{debt.pk}"', 1)[1].split("</li>", 1)[0]
    assert "Energieleverancier" in item
    assert "ld-route-badge--consolidation_loan" in item
    assert "30 jun 2025" in item  # settled (the page in Dutch, the default)
    entry = AccessLogEntry.objects.filter(
        participant=bank["mother"], object_type="debt", action="update"
    ).first()
    assert entry.user_display == "Schuldsoftware (API)"
    assert entry.organisation == "Kredietbank"
    assert entry.path.startswith("/api/v1/")
    overview = client.get(reverse("rights:overview", args=[bank["mother"].pk])).content.decode()
    assert "Schuldsoftware (API)" in overview
    # She withdraws her consent: the same token gets 404 for her, at once.
    client.logout()
    withdraw_consent(actor=bank["coach"], consent=bank["consent"])
    assert client.get(debt_url(bank), **headers).status_code == 404
    refused = client.post(
        reverse("api:debt_route", args=[bank["mother"].pk, bank["debt"].pk]),
        {"route": "paid_off", "date": "2025-07-01"},
        content_type=JSON,
        HTTP_IF_MATCH=settled["ETag"],
        **headers,
    )
    assert refused.status_code == 404
    assert Debt.objects.get(pk=bank["debt"].pk).route == "consolidation_loan"


def test_a_withdrawn_consent_gives_404_and_a_denial(client, bank):
    withdraw_consent(actor=bank["coach"], consent=bank["consent"])
    before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
    response = client.get(debt_url(bank), **bank["headers"])
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before + 1
    listed = client.get(reverse("api:participants"), **bank["headers"]).json()
    assert listed["results"] == []


def test_a_stale_update_gets_412_and_changes_nothing(client, bank):
    response = client.patch(
        debt_url(bank),
        {"amount": "10.00"},
        content_type=JSON,
        HTTP_IF_MATCH='"99"',
        **bank["headers"],
    )
    assert response.status_code == 412
    assert response.json()["current_etag"] == '"1"' or response.json()["current_etag"]
    assert Debt.objects.get(pk=bank["debt"].pk).amount == bank["debt"].amount
    missing = client.patch(
        debt_url(bank), {"amount": "10.00"}, content_type=JSON, **bank["headers"]
    )
    assert missing.status_code == 428


def test_bad_input_is_a_400_with_the_field_named(client, bank):
    url = reverse("api:debts", args=[bank["mother"].pk])
    response = client.post(
        url,
        {"creditor": "", "amount": "abc", "registered_on": "gisteren"},
        content_type=JSON,
        **bank["headers"],
    )
    assert response.status_code == 400
    body = response.json()
    assert {"creditor", "amount", "registered_on"} <= set(body["errors"])
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    rule = client.post(
        url,
        {"creditor": "X", "amount": "5", "registered_on": future},
        content_type=JSON,
        **bank["headers"],
    )
    assert rule.status_code == 400, rule.content
    assert "registered_on" in rule.json()["errors"]
    english = client.post(url, {}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en", **bank["headers"])
    assert english.json()["errors"]["creditor"] == ["This field is required."]
    dutch = client.post(url, {}, content_type=JSON, **bank["headers"])
    assert dutch.json()["errors"]["creditor"] != ["This field is required."]
    garbage = client.post(url, b"{not json", content_type=JSON, **bank["headers"])
    assert garbage.status_code == 400


def test_a_retried_post_creates_one_debt(client, bank):
    url = reverse("api:debts", args=[bank["mother"].pk])
    body = {"creditor": "Belastingdienst", "amount": "120.50", "registered_on": "2025-04-01"}
    first = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k-1", **bank["headers"])
    again = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="k-1", **bank["headers"])
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Debt.objects.filter(creditor="Belastingdienst").count() == 1
    entry = AccessLogEntry.objects.filter(object_type="debt", action="create").get()
    assert entry.user_display == "Schuldsoftware (API)"


def test_scopes_limit_what_a_token_does(client, bank):
    _token, text = make_token(bank["org"], scopes=[TokenScope.CASES_READ], name="Alleen lezen")
    assert client.get(debt_url(bank), **bearer(text)).status_code == 200
    before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
    refused = client.patch(
        debt_url(bank), {"amount": "1"}, content_type=JSON, HTTP_IF_MATCH='"1"', **bearer(text)
    )
    assert refused.status_code == 403
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() == before + 1


def test_a_token_of_another_organisation_sees_nothing(client, bank):
    _token, text = make_token(OrganisationFactory(code="andere-bank"), name="Andere")
    assert client.get(debt_url(bank), **bearer(text)).status_code == 404
    assert client.get(reverse("api:participants"), **bearer(text)).json()["results"] == []


def test_a_token_sees_only_the_consented_domains(client, bank):
    mother = bank["mother"]
    detail = client.get(reverse("api:participant", args=[mother.pk]), **bank["headers"])
    assert detail.json()["domains"] == ["finances"]
    assert "phone" not in detail.json()
    plan = client.get(reverse("api:plan", args=[mother.pk]), **bank["headers"]).json()
    assert plan["scoped"] is True and plan["dreams"] == []


def test_unknown_revoked_and_expired_tokens_get_401(client, bank):
    url = reverse("api:participants")
    assert client.get(url).status_code == 401
    assert client.get(url, **bearer("dp_nope_nope")).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer").status_code == 401
    token = bank["token"]
    token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token.save()
    assert client.get(url, **bank["headers"]).status_code == 401
    token.expires_at = timezone.now() + datetime.timedelta(days=1)
    token.save()
    assert client.get(url, **bank["headers"]).status_code == 200
    revoke_application_token(actor=UserFactory(role=Role.ADMIN), token=token)
    response = client.get(url, **bank["headers"])
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_secret_is_stored_hashed_and_last_use_noted(bank):
    token = ApplicationToken.objects.get(pk=bank["token"].pk)
    text = bank["headers"]["HTTP_AUTHORIZATION"].split()[1]
    assert text.split("_", 2)[2] not in token.secret_hash  # the secret may contain "_"
    assert token.last_used_at is None
    assert authenticate_token(text).pk == token.pk
    assert ApplicationToken.objects.get(pk=token.pk).last_used_at is not None
    assert authenticate_token(text[:-1] + ("A" if text[-1] != "A" else "B")) is None


def test_session_users_use_the_api_with_the_web_rules(client, bank):
    client.force_login(bank["coach"])
    listed = client.get(reverse("api:participants")).json()["results"]
    assert [p["case_number"] for p in listed] == [bank["mother"].ref]
    client.force_login(UserFactory(role=Role.COACH))
    assert client.get(debt_url(bank)).status_code == 404


def test_the_schema_and_the_docs_page(client, db):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.1")
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in body and "api/docs.js" in body
    assert "<script>" not in body and "http" not in body.split("<body>")[1].split("noscript")[0]


def test_the_token_account_is_not_told_like_a_person(bank):
    from droomplan.access.policy.staff import partners_of

    person = UserFactory(role=Role.PARTNER, role__organisation=bank["org"])
    assert list(partners_of(bank["org"])) == [person]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("api:housing", {"date": "2025-03-01", "adequate": True, "kind": "social_housing"}),
        ("api:education", {"name": "Mbo Verzorgende IG", "started_on": "2025-02-01"}),
        ("api:work", {"kind": "paid", "started_on": "2025-03-01", "employer": "Bakkerij"}),
    ],
)
def test_trackers_are_read_and_written_only_under_consent(client, bank, name, body):
    url = reverse(name, args=[bank["mother"].pk])
    # The credit bank has consent for finances only: 403 for the other domains.
    assert client.get(url, **bank["headers"]).status_code == 403
    assert client.post(url, body, content_type=JSON, **bank["headers"]).status_code == 403
    client.force_login(bank["coach"])
    created = client.post(url, body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert [r["id"] for r in client.get(url).json()] == [created.json()["id"]]
    assert AccessLogEntry.objects.filter(action="create", participant=bank["mother"]).exists()


def test_any_other_address_and_a_bad_cursor_are_problems(client, bank):
    for url in ("/api/v1/nergens/", f"/api/v1/participants/{bank['mother'].pk}/debts/x/"):
        response = client.post(url, {}, content_type=JSON, **bank["headers"])
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    bad = client.get(reverse("api:participants"), {"cursor": "zz"}, **bank["headers"])
    assert bad.status_code == 400 and "cursor" in bad.json()["errors"]


def test_a_municipality_system_reports_a_signal_once(client, db):
    from droomplan.programmes.tests.factories import ProgrammeFactory
    from droomplan.signals.models import Signal

    programme = ProgrammeFactory()
    municipality = programme.municipalities.first()
    gemeente = OrganisationFactory(code="gemeente", kind=OrganisationKind.MUNICIPALITY)
    _token, text = make_token(gemeente, scopes=[TokenScope.SIGNALS_WRITE], name="Meldsysteem")
    url = reverse("api:signals")
    body = {
        "municipality": municipality.cbs_code,
        "signaller_role": "teacher",
        "concern": "Moeder lijkt het zwaar te hebben.",
    }
    first = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="m-1", **bearer(text))
    again = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY="m-1", **bearer(text))
    assert (first.status_code, again.status_code) == (201, 200), first.content
    signal = Signal.objects.get()
    assert str(signal.received_by) == "Meldsysteem (API)"
    unknown = client.post(
        url, {**body, "municipality": "GM9999"}, content_type=JSON, **bearer(text)
    )
    assert unknown.status_code == 400 and "municipality" in unknown.json()["errors"]
    _token, reader = make_token(gemeente, scopes=[TokenScope.CASES_READ], name="Lezer")
    assert client.post(url, body, content_type=JSON, **bearer(reader)).status_code == 403
