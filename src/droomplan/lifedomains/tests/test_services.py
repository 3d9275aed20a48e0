"""Services: the rules, the route history and the access log."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from droomplan.audit.models import AccessLogEntry, Action
from droomplan.lifedomains import services, validators
from droomplan.lifedomains.models import DebtRoute, HousingKind, WorkKind

from .factories import DebtFactory, EducationFactory, HousingStatusFactory, WorkPlacementFactory

D = datetime.date
TODAY = D(2026, 3, 15)
pytestmark = pytest.mark.django_db


def errors(exc_info) -> dict:
    return exc_info.value.message_dict


def new_debt(participant, actor, **kwargs):
    data = {
        "creditor": "Zorgverzekeraar",
        "amount": Decimal("1250.50"),
        "registered_on": D(2025, 3, 1),
        "today": TODAY,
    }
    data.update(kwargs)
    return services.create_debt(actor=actor, participant=participant, **data)


# --- Debts -----------------------------------------------------------------------------------


def test_create_debt_starts_in_inventory_with_one_step_and_logs(participant, coach):
    debt = new_debt(participant, coach)
    assert debt.route == DebtRoute.INVENTORY
    assert [(s.route, s.date) for s in debt.route_changes.all()] == [
        (DebtRoute.INVENTORY, D(2025, 3, 1))
    ]
    entry = AccessLogEntry.objects.get(object_type="debt", action=Action.CREATE)
    assert entry.participant == participant and entry.user == coach
    assert debt.created_by == coach


@pytest.mark.parametrize("route", [None, DebtRoute.INVENTORY])
def test_create_settled_debt_without_route_is_paid_off_on_that_day(participant, coach, route):
    debt = new_debt(participant, coach, settled_on=D(2025, 9, 1), route=route)
    assert debt.route == DebtRoute.PAID_OFF
    assert debt.route_changes.get().date == D(2025, 9, 1)


def test_settled_through_the_consolidation_loan_keeps_that_route(participant, coach):
    debt = new_debt(
        participant, coach, settled_on=D(2025, 9, 1), route=DebtRoute.CONSOLIDATION_LOAN
    )
    assert debt.route == DebtRoute.CONSOLIDATION_LOAN and debt.settled_on == D(2025, 9, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": Decimal("-10")}, "amount"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": None}, "amount"),
        ({"creditor": "  "}, "creditor"),
        ({"registered_on": D(2026, 3, 16)}, "registered_on"),
        ({"settled_on": D(2025, 2, 28)}, "settled_on"),
        ({"settled_on": D(2026, 3, 16)}, "settled_on"),
        ({"route": DebtRoute.REMITTED}, "settled_on"),
        ({"route": "bankrupt"}, "route"),
    ],
)
def test_create_debt_refuses_bad_input(participant, coach, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        new_debt(participant, coach, **kwargs)
    assert field in errors(exc)
    assert not participant.debts.exists()


def test_settled_on_the_registration_day_and_today_are_fine(participant, coach):
    debt = new_debt(participant, coach, registered_on=TODAY, settled_on=TODAY)
    debt.refresh_from_db()
    assert (debt.registered_on, debt.settled_on, debt.route) == (TODAY, TODAY, DebtRoute.PAID_OFF)


def test_credit_bank_route_then_paid_off_settles_the_debt(participant, coach):
    debt = new_debt(participant, coach)
    services.change_debt_route(
        actor=coach, debt=debt, route=DebtRoute.STABILISATION, date=D(2025, 4, 1), today=TODAY
    )
    services.change_debt_route(
        actor=coach,
        debt=debt,
        route=DebtRoute.CONSOLIDATION_LOAN,
        date=D(2025, 8, 1),
        note="Saneringskrediet",
        today=TODAY,
    )
    debt.refresh_from_db()
    assert debt.route == DebtRoute.CONSOLIDATION_LOAN and debt.settled_on is None
    services.change_debt_route(
        actor=coach, debt=debt, route=DebtRoute.PAID_OFF, date=D(2025, 10, 1), today=TODAY
    )
    debt.refresh_from_db()
    assert debt.route == DebtRoute.PAID_OFF
    assert debt.settled_on == D(2025, 10, 1)
    assert [s.route for s in debt.route_changes.all()] == [
        DebtRoute.INVENTORY,
        DebtRoute.STABILISATION,
        DebtRoute.CONSOLIDATION_LOAN,
        DebtRoute.PAID_OFF,
    ]
    assert AccessLogEntry.objects.filter(object_type="debt", action=Action.UPDATE).count() == 3


def test_route_rules(participant, coach):
    debt = new_debt(participant, coach)
    services.change_debt_route(
        actor=coach, debt=debt, route=DebtRoute.STABILISATION, date=D(2025, 5, 1), today=TODAY
    )
    with pytest.raises(ValidationError) as exc:  # same route again
        services.change_debt_route(
            actor=coach, debt=debt, route=DebtRoute.STABILISATION, date=D(2025, 6, 1), today=TODAY
        )
    assert "route" in errors(exc)
    with pytest.raises(ValidationError) as exc:  # before the current step
        services.change_debt_route(
            actor=coach, debt=debt, route=DebtRoute.PAID_OFF, date=D(2025, 4, 30), today=TODAY
        )
    assert "date" in errors(exc)
    with pytest.raises(ValidationError) as exc:  # in the future
        services.change_debt_route(
            actor=coach, debt=debt, route=DebtRoute.PAID_OFF, date=D(2026, 3, 16), today=TODAY
        )
    assert "date" in errors(exc)
    with pytest.raises(ValidationError) as exc:  # before registration
        services.change_debt_route(
            actor=coach, debt=debt, route=DebtRoute.PAID_OFF, date=D(2025, 2, 1), today=TODAY
        )
    assert "date" in errors(exc)


def test_reopening_a_paid_off_debt_clears_settled_on_and_undo_restores(participant, coach):
    debt = new_debt(participant, coach)
    services.change_debt_route(
        actor=coach, debt=debt, route=DebtRoute.PAID_OFF, date=D(2025, 6, 1), today=TODAY
    )
    services.change_debt_route(
        actor=coach,
        debt=debt,
        route=DebtRoute.DEBT_ARRANGEMENT,
        date=D(2025, 7, 1),
        note="Betaling teruggeboekt",
        today=TODAY,
    )
    debt.refresh_from_db()
    assert debt.settled_on is None and debt.route == DebtRoute.DEBT_ARRANGEMENT
    services.undo_route_change(actor=coach, debt=debt)
    debt.refresh_from_db()
    assert debt.route == DebtRoute.PAID_OFF
    services.undo_route_change(actor=coach, debt=debt)
    debt.refresh_from_db()
    assert debt.route == DebtRoute.INVENTORY and debt.settled_on is None
    with pytest.raises(ValidationError):
        services.undo_route_change(actor=coach, debt=debt)


def test_update_debt_moves_early_steps_and_follows_settled_date(participant, coach):
    debt = new_debt(participant, coach, settled_on=D(2025, 9, 1))
    services.update_debt(
        actor=coach,
        debt=debt,
        creditor="CZ",
        amount=Decimal("99.99"),
        registered_on=D(2025, 4, 1),
        settled_on=D(2025, 10, 1),
        today=TODAY,
    )
    debt.refresh_from_db()
    assert debt.amount == Decimal("99.99") and debt.creditor == "CZ"
    assert debt.route_changes.get().date == D(2025, 10, 1)
    with pytest.raises(ValidationError) as exc:  # a paid-off debt needs its date
        services.update_debt(
            actor=coach,
            debt=debt,
            creditor="CZ",
            amount=Decimal("99.99"),
            registered_on=D(2025, 4, 1),
            settled_on=None,
            today=TODAY,
        )
    assert "settled_on" in errors(exc)
    entry = AccessLogEntry.objects.filter(object_type="debt", action=Action.UPDATE).first()
    assert "amount" in entry.detail


def test_delete_debt_is_logged(participant, coach):
    debt = DebtFactory(participant=participant)
    pk = debt.pk
    services.delete_debt(actor=coach, debt=debt)
    assert not participant.debts.exists()
    assert AccessLogEntry.objects.filter(
        object_type="debt", object_id=str(pk), action=Action.DELETE
    ).exists()


# --- Housing, education, work ----------------------------------------------------------------


def test_housing_create_update_and_far_future(participant, coach):
    housing = services.create_housing(
        actor=coach,
        participant=participant,
        date=D(2025, 1, 1),
        kind=HousingKind.SHELTER,
        adequate=False,
        situation="Opvang",
        today=TODAY,
    )
    services.update_housing(
        actor=coach, housing=housing, date=D(2025, 1, 2), adequate=True, today=TODAY
    )
    housing.refresh_from_db()
    assert housing.adequate and housing.kind == "" and housing.date == D(2025, 1, 2)
    # A planned move within a year is fine; more than a year ahead is a typing error.
    services.create_housing(
        actor=coach, participant=participant, date=D(2027, 3, 15), adequate=True, today=TODAY
    )
    with pytest.raises(ValidationError) as exc:
        services.create_housing(
            actor=coach, participant=participant, date=D(2027, 3, 17), adequate=True, today=TODAY
        )
    assert "date" in errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.create_housing(
            actor=coach,
            participant=participant,
            date=D(2025, 1, 1),
            kind="castle",
            adequate=True,
            today=TODAY,
        )
    assert "kind" in errors(exc)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"started_on": None}, "started_on"),
        ({"completed_on": D(2025, 8, 31)}, "completed_on"),
        ({"stopped_on": D(2025, 8, 31)}, "stopped_on"),
        ({"completed_on": D(2026, 1, 1), "stopped_on": D(2026, 1, 1)}, "stopped_on"),
        ({"completed_on": D(2026, 3, 16)}, "completed_on"),
        ({"started_on": D(2027, 4, 1)}, "started_on"),
    ],
)
def test_education_rules(participant, coach, kwargs, field):
    data = {"name": "Helpende Zorg en Welzijn", "level": "mbo-2", "started_on": D(2025, 9, 1)}
    data.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.create_education(actor=coach, participant=participant, today=TODAY, **data)
    assert field in errors(exc)


def test_education_completed_without_start_is_allowed(participant, coach):
    education = services.create_education(
        actor=coach, participant=participant, name="Vmbo", completed_on=D(2019, 6, 1), today=TODAY
    )
    assert education.started_on is None
    services.update_education(
        actor=coach, education=education, name="Vmbo-basis", completed_on=D(2019, 6, 1)
    )
    education.refresh_from_db()
    assert education.name == "Vmbo-basis"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "freelance"}, "kind"),
        ({"employer": ""}, "employer"),
        ({"ended_on": D(2025, 5, 31)}, "ended_on"),
        ({"hours_per_week": Decimal("0")}, "hours_per_week"),
        ({"hours_per_week": Decimal("61")}, "hours_per_week"),
        ({"started_on": D(2027, 3, 17)}, "started_on"),
    ],
)
def test_work_rules(participant, coach, kwargs, field):
    data = {
        "kind": WorkKind.PAID,
        "employer": "Bakkerij",
        "started_on": D(2025, 6, 1),
        "hours_per_week": Decimal("16"),
    }
    data.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.create_work(actor=coach, participant=participant, today=TODAY, **data)
    assert field in errors(exc)


def test_work_at_a_partner_needs_no_employer_name(participant, coach, credit_bank):
    work = services.create_work(
        actor=coach,
        participant=participant,
        kind=WorkKind.INTERNSHIP,
        employer_organisation=credit_bank,
        started_on=D(2025, 6, 1),
        ended_on=D(2025, 6, 1),
        today=TODAY,
    )
    assert work.employer_name == "Kredietbank Limburg"
    assert not work.is_paid


def test_updates_and_deletes_are_logged(participant, coach):
    housing = HousingStatusFactory(participant=participant)
    education = EducationFactory(participant=participant)
    work = WorkPlacementFactory(participant=participant)
    services.update_work(
        actor=coach,
        work=work,
        kind=WorkKind.PAID_SUPPORTED,
        employer="Bakkerij",
        started_on=work.started_on,
    )
    work.refresh_from_db()
    assert work.kind == WorkKind.PAID_SUPPORTED and work.is_paid
    services.delete_housing(actor=coach, housing=housing)
    services.delete_education(actor=coach, education=education)
    services.delete_work(actor=coach, work=work)
    types = set(
        AccessLogEntry.objects.filter(action=Action.DELETE).values_list("object_type", flat=True)
    )
    assert types == {"housingstatus", "education", "workplacement"}


def test_validators_are_pure_and_name_exchange_fields():
    errors_ = validators.debt_errors(
        amount=Decimal("-1"), registered_on=D(2025, 3, 1), settled_on=D(2025, 1, 1), today=TODAY
    )
    assert set(errors_) == {"amount", "settled_on"}
    assert validators.debt_errors(amount=Decimal("1"), registered_on=TODAY, today=TODAY) == {}
    assert set(
        validators.work_errors(
            kind="paid", employer="x", started_on=D(2025, 1, 2), ended_on=D(2025, 1, 1), today=TODAY
        )
    ) == {"ended_on"}
    assert validators.housing_errors(date=None, today=TODAY) == {
        "date": [validators._("Fill in the date.")]
    }
