import datetime
import json
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from droomplan.lifedomains import personal_data, services
from droomplan.lifedomains.models import Debt, Education, HousingStatus, WorkPlacement

from .factories import DebtFactory, EducationFactory, HousingStatusFactory, WorkPlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(participant, coach, credit_bank):
    debt = DebtFactory(participant=participant, creditor="Ex-partner Jan", note="Leende geld")
    services.change_debt_route(
        actor=coach,
        debt=debt,
        route="consolidation_loan",
        date=datetime.date(2025, 6, 1),
        note="Dossier 4711",
    )
    HousingStatusFactory(participant=participant, situation="Bij tante Marie", note="Ruzie")
    EducationFactory(participant=participant, note="Stagebegeleider Piet")
    WorkPlacementFactory(participant=participant, employer="Kapsalon Anja", note="Aardig")
    WorkPlacementFactory(
        participant=participant, employer="", employer_organisation=credit_bank, kind="internship"
    )
    return participant


def test_export_holds_everything_and_is_json(filled):
    data = personal_data.export(filled)
    text = json.dumps(data, cls=DjangoJSONEncoder)
    for word in ["Ex-partner Jan", "Dossier 4711", "Bij tante Marie", "Kapsalon Anja"]:
        assert word in text
    assert data["debts"][0]["route_history"][-1]["route"] == "Saneringskrediet (Kredietbank)"
    assert data["work"][1]["employer"] == "Kredietbank Limburg"
    assert personal_data.LABEL == "life_domains"


def test_anonymise_keeps_figures_and_removes_words(filled):
    changed = personal_data.anonymise(filled)
    assert changed == 5  # debt, route step, housing, education, one job (the other has no text)
    debt = Debt.objects.get(participant=filled)
    assert debt.creditor == "" and debt.note == "" and debt.amount == Decimal("850.00")
    assert debt.route == "consolidation_loan"
    assert not debt.route_changes.exclude(note="").exists()
    housing = HousingStatus.objects.get(participant=filled)
    assert housing.situation == "" and housing.note == "" and housing.adequate
    education = Education.objects.get(participant=filled)
    assert education.name == "" and education.level == "mbo-2" and education.started_on
    work = WorkPlacement.objects.filter(participant=filled).order_by("pk")
    assert [w.employer for w in work] == ["", ""]
    assert work[1].employer_organisation is not None
    assert personal_data.anonymise(filled) == 0  # nothing left to remove


def test_research_has_no_names(filled):
    text = json.dumps(personal_data.research(filled), cls=DjangoJSONEncoder)
    for word in ["Ex-partner Jan", "Dossier 4711", "tante", "Kapsalon", "Helpende", "Kredietbank"]:
        assert word not in text
    assert '"route": "consolidation_loan"' in text
