"""Her data as a readable document (the PDF of the inzage, for her in her portal and for the
staff's inzage export: one renderer): every heading in Dutch, no internal codes, questionnaire
answers next to their questions, dates in one Dutch format. The JSON copy keeps everything."""

import datetime
import re

import pytest
from django.template.loader import render_to_string

from droomplan.access import inzage
from droomplan.access.tests.factories import ConsentFactory
from droomplan.access.tests.rights_fixtures import full_case
from droomplan.instruments.tests.factories import MeasurementFactory
from droomplan.lifedomains.tests.factories import DebtFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    mother = full_case()
    MeasurementFactory(participant=mother, instrument="pss-10", value=2)
    MeasurementFactory(participant=mother, instrument="brug", value=3)
    DebtFactory(participant=mother)
    ConsentFactory(participant=mother, scopes=["finances", "children"])
    data = inzage.collect(mother)
    html = render_to_string("access/rights/inzage_pdf.html", inzage.inzage_context(mother, data))
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return data, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_no_internal_codes(document):
    _data, text = document
    for code in ("finances", "pss-10", "brug", "org-", "family_stability", "scores_per_group"):
        assert code not in text, code
    assert "geld en schulden" in text and "je kinderen" in text


def test_answers_next_to_their_questions(document):
    _data, text = document
    assert "Vraag Antwoord" in text
    assert "Van streek door iets onverwachts 2" in text
    assert "Gezinsstabiliteit 3" in text
    assert "Wat de antwoorden betekenen" in text


def test_dates_and_amounts_in_one_dutch_format(document):
    _data, text = document
    assert not re.search(r"\b\d{2}-\d{2}-\d{4}\b", text)  # no 30-11-2026
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no 2026-11-30
    assert "15 februari 2025" in text
    assert "€ 850,00" in text


def test_headings_in_dutch(document):
    _data, text = document
    for english in ("Signed form", "Recorded by", "Instrument name", "Debts", "Route history",
                    "Withdrawn by", "Housing"):  # fmt: skip
        assert english not in text, english


def test_the_json_copy_keeps_the_codes(document):
    data, _text = document
    measurement = data["parts"]["measurements"][0]
    assert measurement["instrument"] == "pss-10"
    assert set(measurement["answers"]) == {str(n) for n in range(1, 11)}
    assert data["parts"]["consents"][0]["scopes"] == ["finances", "children"]
    assert isinstance(measurement["taken_on"], datetime.date)


def test_her_own_copy_leaves_out_what_she_never_sees(coach_for_her_copy):
    from droomplan.cases import services as case_services
    from droomplan.cases.models import ContactKind
    from droomplan.escalations.tests.factories import EscalationFactory
    from droomplan.signals.tests.factories import SignalFactory

    mother, coach = coach_for_her_copy
    case_services.log_contact(
        actor=coach, participant=mother, date=datetime.date(2025, 3, 1), kind=ContactKind.PHONE,
        duration_minutes=5, note="Melding-geheim", professionals_only=True,
        professionals_only_reason="Reden-veiligheid",
    )  # fmt: skip
    EscalationFactory(goal__participant=mother, advice="Advies-geheim")
    SignalFactory(participant=mother, concern="Zorg-geheim")
    full = inzage.to_json(inzage.collect(mother)).decode()
    assert all(word in full for word in ("Melding-geheim", "Advies-geheim", "Zorg-geheim"))
    hers = inzage.collect(mother, for_her=True)
    text = inzage.to_json(hers).decode()
    for word in ("Melding-geheim", "Reden-veiligheid", "Advies-geheim", "Zorg-geheim"):
        assert word not in text, word
    assert hers["parts"]["signals"] == []
    assert len(hers["parts"]["escalations"]) == 1
    assert "Alleen voor professionals." in text


@pytest.fixture
def coach_for_her_copy():
    from droomplan.accounts.models import Role
    from droomplan.accounts.tests.factories import UserFactory
    from droomplan.cases.tests.factories import ParticipantFactory

    coach = UserFactory(role=Role.COACH)
    return ParticipantFactory(coach=coach, active=True), coach


def test_iso_dates_written_by_a_part_read_the_same_way():
    assert inzage._scalar("2025-03-01") == "1 maart 2025"
    assert inzage._scalar("2025-03-01T14:05:00+01:00") == "1 maart 2025, 14:05"
    assert inzage._scalar("DM-0001") == "DM-0001"
