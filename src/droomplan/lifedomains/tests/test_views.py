"""Pages: add, change, remove, the route of a debt, the case-page section, access and queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from droomplan.audit.labels import seen_parts
from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.lifedomains.models import Debt, DebtRoute, HousingStatus, WorkKind, WorkPlacement

from .factories import DebtFactory, EducationFactory, HousingStatusFactory, WorkPlacementFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def url(name, participant, **kwargs):
    return reverse(f"lifedomains:{name}", kwargs={"participant_pk": participant.pk, **kwargs})


def case(participant):
    return reverse("cases:part", args=[participant.pk, "lifedomains"])


def test_coach_registers_a_debt_with_a_dutch_amount(coach_client, participant):
    response = coach_client.get(url("debt_create", participant))
    assert response.status_code == 200
    response = coach_client.post(
        url("debt_create", participant),
        {
            "creditor": "Zorgverzekeraar CZ",
            "amount": "1.250,50",
            "registered_on": "2025-03-01",
            "route": DebtRoute.STABILISATION,
            "note": "",
        },
    )
    debt = Debt.objects.get(participant=participant)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#schulden-{debt.pk}")
    assert debt.amount == Decimal("1250.50")
    assert debt.route == DebtRoute.STABILISATION


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(coach_client, participant):
    response = coach_client.post(
        url("debt_create", participant),
        {
            "creditor": "Energie",
            "amount": "-40",
            "registered_on": "2025-03-01",
            "settled_on": "2025-02-01",
            "route": DebtRoute.INVENTORY,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Energie" in body and "-40" in body
    form = response.context["form"]
    assert set(form.errors) == {"amount", "settled_on"}
    assert not Debt.objects.exists()
    response = coach_client.post(
        url("debt_create", participant),
        {"creditor": "Energie", "amount": "veel", "registered_on": "2025-03-01", "route": "x"},
    )
    assert response.status_code == 200
    assert {"amount", "route"} <= set(response.context["form"].errors)


def test_edit_route_and_undo_pages(coach_client, participant):
    debt = DebtFactory(participant=participant, registered_on=D(2025, 2, 1))
    assert coach_client.get(url("debt_edit", participant, debt_pk=debt.pk)).status_code == 200
    assert AccessLogEntry.objects.filter(
        object_type="debt", object_id=str(debt.pk), action=Action.VIEW, detail="form"
    ).exists()
    response = coach_client.post(
        url("debt_edit", participant, debt_pk=debt.pk),
        {"creditor": "CZ", "amount": "99,95", "registered_on": "2025-02-01", "note": "dossier 12"},
    )
    assert response.status_code == 302
    debt.refresh_from_db()
    assert debt.amount == Decimal("99.95") and debt.note == "dossier 12"

    page = coach_client.get(url("debt_route", participant, debt_pk=debt.pk))
    assert page.status_code == 200
    response = coach_client.post(
        url("debt_route", participant, debt_pk=debt.pk),
        {"route": DebtRoute.CONSOLIDATION_LOAN, "date": "2025-06-01", "note": "Kredietbank"},
    )
    assert response.status_code == 302
    debt.refresh_from_db()
    assert debt.route == DebtRoute.CONSOLIDATION_LOAN
    # A step before the current one is refused with a message on the date.
    response = coach_client.post(
        url("debt_route", participant, debt_pk=debt.pk),
        {"route": DebtRoute.PAID_OFF, "date": "2025-05-01"},
    )
    assert response.status_code == 200 and "date" in response.context["form"].errors
    response = coach_client.post(url("debt_route_undo", participant, debt_pk=debt.pk))
    assert response.status_code == 302
    debt.refresh_from_db()
    assert debt.route == DebtRoute.INVENTORY
    # Undoing the first step is refused with a message, not an error page.
    response = coach_client.post(url("debt_route_undo", participant, debt_pk=debt.pk), follow=True)
    assert response.status_code == 200
    last = list(response.context["messages"])[-1]
    assert last.level_tag == "error"


def test_delete_asks_first_then_removes(coach_client, participant):
    housing = HousingStatusFactory(participant=participant)
    target = url("housing_delete", participant, housing_pk=housing.pk)
    assert coach_client.get(target).status_code == 200
    assert HousingStatus.objects.filter(pk=housing.pk).exists()
    assert coach_client.post(target).status_code == 302
    assert not HousingStatus.objects.filter(pk=housing.pk).exists()


def test_housing_education_and_work_forms(coach_client, participant, credit_bank):
    response = coach_client.post(
        url("housing_create", participant),
        {"date": "2025-05-01", "kind": "social_housing", "adequate": "yes", "situation": "Flat"},
    )
    assert response.status_code == 302
    assert HousingStatus.objects.get().adequate is True
    response = coach_client.post(
        url("housing_create", participant), {"date": "2025-05-01", "kind": "", "situation": "x"}
    )
    assert "adequate" in response.context["form"].errors

    response = coach_client.post(
        url("education_create", participant),
        {
            "name": "Pedagogisch medewerker",
            "level": "mbo-3",
            "started_on": "2025-09-01",
            "completed_on": "2025-10-01",
            "stopped_on": "2025-10-01",
        },
    )
    assert response.status_code == 200
    assert "stopped_on" in response.context["form"].errors
    education = EducationFactory(participant=participant)
    response = coach_client.post(
        url("education_edit", participant, education_pk=education.pk),
        {"name": "Helpende", "level": "mbo-2", "started_on": "2025-09-01"},
    )
    assert response.status_code == 302

    response = coach_client.post(
        url("work_create", participant),
        {
            "kind": WorkKind.INTERNSHIP,
            "employer_organisation": credit_bank.pk,
            "employer": "",
            "started_on": "2025-06-01",
            "hours_per_week": "12,5",
        },
    )
    assert response.status_code == 302
    work = WorkPlacement.objects.get()
    assert work.employer_organisation == credit_bank
    assert work.hours_per_week == Decimal("12.5")
    page = coach_client.get(url("work_edit", participant, work_pk=work.pk))
    assert page.status_code == 200


def test_records_of_another_family_are_not_found(coach_client, participant):
    other = ParticipantFactory(active=True, coach=participant.coach_assignments.get().coach)
    debt = DebtFactory(participant=other)
    response = coach_client.get(url("debt_edit", participant, debt_pk=debt.pk))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ["debt_create", "housing_create", "education_create", "work_create"],
)
def test_coach_of_another_family_is_refused_and_logged(client, other_coach, participant, name):
    client.force_login(other_coach)
    response = client.get(url(name, participant))
    assert response.status_code in (403, 404)
    assert AccessLogEntry.objects.filter(
        outcome=Outcome.DENIED, participant=participant, user=other_coach
    ).exists()
    response = client.post(url(name, participant), {})
    assert response.status_code in (403, 404)


def test_programme_lead_may_edit(client, programme_lead, participant):
    client.force_login(programme_lead)
    assert client.get(url("debt_create", participant)).status_code == 200


# --- The case page -----------------------------------------------------------------------------


def test_case_page_shows_debt_free_since_route_chart_and_table(coach_client, participant):
    debt = DebtFactory(
        participant=participant, creditor="CJIB", registered_on=D(2025, 2, 1), amount=Decimal(500)
    )
    from droomplan.lifedomains import services

    services.change_debt_route(
        actor=None, debt=debt, route=DebtRoute.CONSOLIDATION_LOAN, date=D(2025, 4, 1)
    )
    services.change_debt_route(actor=None, debt=debt, route=DebtRoute.PAID_OFF, date=D(2025, 8, 1))
    HousingStatusFactory(participant=participant, adequate=True, date=D(2025, 3, 1))
    WorkPlacementFactory(participant=participant, employer="Bakkerij Bollen")
    EducationFactory(participant=participant, name="Helpende Zorg en Welzijn")
    body = coach_client.get(case(participant)).content.decode()
    assert 'id="levensdomeinen"' in body
    assert "1 augustus 2025" in body  # debt-free since
    assert "Saneringskrediet" in body  # the credit bank's route is named
    assert 'id="ld-debt-series"' in body and "<table" in body
    assert "chart.umd.min.js" in body
    assert "Bakkerij Bollen" in body and "Helpende Zorg en Welzijn" in body
    # The case page is one access-log entry, naming the life domains it showed (issue 18).
    entry = AccessLogEntry.objects.filter(participant=participant, action=Action.VIEW).first()
    assert "lifedomains" in seen_parts(entry.object_type, entry.detail)


def test_case_page_tells_no_debts_apart_from_debt_free(coach_client, participant):
    body = coach_client.get(case(participant)).content.decode()
    assert "Geen schulden geregistreerd" in body
    assert "chart.umd.min.js" not in body


def test_case_page_shows_open_total(coach_client, participant):
    DebtFactory(participant=participant, amount=Decimal("1250.50"), registered_on=D(2025, 2, 1))
    DebtFactory(participant=participant, amount=Decimal("100"), registered_on=D(2025, 3, 1))
    body = coach_client.get(case(participant)).content.decode()
    assert "1.350,50" in body
    assert "2 openstaande schulden" in body


def test_case_page_queries_do_not_grow_with_records(
    coach_client, participant, credit_bank, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            debt = DebtFactory(participant=participant, registered_on=D(2025, 1, 1 + i))
            from droomplan.lifedomains.models import DebtRouteChange

            DebtRouteChange.objects.create(
                debt=debt, route=DebtRoute.STABILISATION, date=D(2025, 3, 1)
            )
            HousingStatusFactory(participant=participant, date=D(2025, 1, 1 + i))
            EducationFactory(participant=participant)
            WorkPlacementFactory(participant=participant, employer_organisation=credit_bank)

    coach_client.get(case(participant))  # the session's first request saves it
    for records in (1, 8):
        add(records)
        # the part's own page; one access-log entry (not her admission rules, group,
        # status history or children, which this part does not show)
        with django_assert_num_queries(14):
            assert coach_client.get(case(participant)).status_code == 200


# --- The debt inventory (issue 17) ----------------------------------------------------------


def test_debt_inventory_is_recorded_and_shown(coach_client, participant):
    participant.intake_date = datetime.date(2025, 1, 5)
    participant.save()
    page = coach_client.get(case(participant)).content.decode()
    assert "Schulden nog niet geïnventariseerd" in page
    inventory = url("debt_inventory", participant)
    assert coach_client.get(inventory).status_code == 200
    response = coach_client.post(inventory, {"debt_inventory_on": "2025-01-20"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.debt_inventory_on == datetime.date(2025, 1, 20)
    assert AccessLogEntry.objects.filter(
        object_type="debt_inventory", participant=participant, action=Action.UPDATE
    ).exists()
    page = coach_client.get(case(participant)).content.decode()
    assert "Schulden geïnventariseerd op 20 januari 2025" in page


def test_debt_inventory_refuses_bad_dates_with_a_message(coach_client, participant):
    participant.intake_date = datetime.date(2025, 1, 5)
    participant.save()
    inventory = url("debt_inventory", participant)
    for value, message in (
        ("2099-01-01", "toekomst"),
        ("2024-01-01", "intake"),
        ("geen datum", "datum"),
    ):
        response = coach_client.post(inventory, {"debt_inventory_on": value})
        assert response.status_code in (200, 400)
        assert message in response.content.decode().lower(), value
    participant.refresh_from_db()
    assert participant.debt_inventory_on is None


def test_debt_inventory_refuses_a_stale_form(coach_client, participant):
    inventory = url("debt_inventory", participant)
    version = participant.version
    first = coach_client.post(inventory, {"debt_inventory_on": "2025-02-01", "version": version})
    assert first.status_code == 302
    response = coach_client.post(inventory, {"debt_inventory_on": "2025-03-01", "version": version})
    assert "iemand anders" in response.content.decode().lower()
    participant.refresh_from_db()
    assert participant.debt_inventory_on == datetime.date(2025, 2, 1)
