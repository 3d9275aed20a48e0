"""Who may use the life-domain pages: the family's coach and the programme lead; a partner
only within a valid consent for the page's life domain (the credit bank on debts under
`finances`). Refusals are 403/404 with a `denied` access-log entry."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from droomplan.access.tests.factories import ConsentFactory
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.lifedomains import urls
from droomplan.lifedomains.models import Debt
from droomplan.lifedomains.sections import lifedomains_section

from .factories import DebtFactory, EducationFactory, HousingStatusFactory, WorkPlacementFactory
from .matrix import PARTNER_DOMAINS

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(participant):
    return {
        "debt_pk": DebtFactory(participant=participant).pk,
        "housing_pk": HousingStatusFactory(participant=participant).pk,
        "education_pk": EducationFactory(participant=participant).pk,
        "work_pk": WorkPlacementFactory(participant=participant).pk,
    }


def page_url(name, participant, records):
    """The page's URL with the ids it takes (from the URL configuration)."""
    route = str(next(p.pattern for p in urls.urlpatterns if f"lifedomains:{p.name}" == name))
    needed = {k for k in records if f"<int:{k}>" in route}
    return reverse(
        name, kwargs={"participant_pk": participant.pk, **{k: records[k] for k in needed}}
    )


def denied_logged(user, participant) -> bool:
    return AccessLogEntry.objects.filter(
        outcome=Outcome.DENIED, user=user, participant=participant
    ).exists()


def test_every_page_has_a_life_domain():
    assert {f"lifedomains:{p.name}" for p in urls.urlpatterns} == set(PARTNER_DOMAINS)


@pytest.mark.parametrize("name", sorted(PARTNER_DOMAINS))
def test_partner_without_consent_is_refused(client, credit_bank_user, participant, records, name):
    client.force_login(credit_bank_user)
    response = client.get(page_url(name, participant, records))
    assert response.status_code in (403, 404, 405)
    response = client.post(page_url(name, participant, records), {})
    assert response.status_code in (403, 404)
    assert denied_logged(credit_bank_user, participant)
    assert Debt.objects.filter(pk=records["debt_pk"]).exists()


@pytest.mark.parametrize("name", sorted(PARTNER_DOMAINS))
def test_credit_bank_with_finances_consent_works_on_debts_only(
    client, credit_bank, credit_bank_user, participant, records, name
):
    ConsentFactory(participant=participant, organisation=credit_bank, scopes=["finances"])
    client.force_login(credit_bank_user)
    response = client.get(page_url(name, participant, records))
    if PARTNER_DOMAINS[name] == "finances":
        assert response.status_code in (200, 405)
    else:
        assert response.status_code == 403
        assert denied_logged(credit_bank_user, participant)


def test_credit_bank_puts_a_debt_on_the_consolidation_loan(
    client, credit_bank, credit_bank_user, participant, records
):
    ConsentFactory(participant=participant, organisation=credit_bank, scopes=["finances"])
    client.force_login(credit_bank_user)
    url = reverse(
        "lifedomains:debt_route",
        kwargs={"participant_pk": participant.pk, "debt_pk": records["debt_pk"]},
    )
    response = client.post(
        url, {"route": "consolidation_loan", "date": "2025-06-01", "note": "Saneringskrediet"}
    )
    assert response.status_code == 302
    debt = Debt.objects.get(pk=records["debt_pk"])
    assert debt.route == "consolidation_loan"
    assert debt.route_changes.last().changed_by == credit_bank_user


def test_expired_or_withdrawn_consent_is_refused(
    client, credit_bank, credit_bank_user, participant
):
    ConsentFactory(participant=participant, organisation=credit_bank, expired=True)
    ConsentFactory(participant=participant, organisation=credit_bank, withdrawn=True)
    client.force_login(credit_bank_user)
    url = reverse("lifedomains:debt_create", kwargs={"participant_pk": participant.pk})
    assert client.get(url).status_code in (403, 404)
    assert denied_logged(credit_bank_user, participant)


def test_section_shows_only_the_domains_given(credit_bank, credit_bank_user, participant, records):
    ConsentFactory(participant=participant, organisation=credit_bank, scopes=["finances"])
    request = RequestFactory().get("/")
    request.user = credit_bank_user
    html = lifedomains_section(request, participant, frozenset({"finances"}))
    assert 'id="schulden"' in html
    assert 'id="wonen"' not in html and 'id="werk"' not in html and 'id="opleiding"' not in html
    # The credit bank may change the debts it sees.
    assert reverse("lifedomains:debt_create", args=[participant.pk]) in html
    assert lifedomains_section(request, participant, frozenset({"children"})) == ""


def test_section_for_a_domain_seen_but_not_editable_has_no_edit_links(
    credit_bank_user, participant, records
):
    """Without consent `can(..., EDIT, domain=...)` is False: no add or change links."""
    request = RequestFactory().get("/")
    request.user = credit_bank_user
    html = lifedomains_section(request, participant, frozenset({"family_stability"}))
    assert 'id="wonen"' in html
    assert "/wonen/nieuw/" not in html


def test_case_page_of_the_credit_bank_shows_the_debts(
    client, credit_bank, credit_bank_user, participant, records
):
    ConsentFactory(participant=participant, organisation=credit_bank, scopes=["finances"])
    client.force_login(credit_bank_user)
    response = client.get(reverse("cases:detail", args=[participant.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="schulden"' in body and 'id="wonen"' not in body


def test_coach_of_another_family_sees_no_section(client, other_coach, participant, records):
    client.force_login(other_coach)
    assert client.get(reverse("cases:detail", args=[participant.pk])).status_code == 404
    assert denied_logged(other_coach, participant)
