"""The duplicate warning at intake: same birth date and a similar name."""

import datetime

import pytest
from django.urls import reverse

from droomplan.audit.models import AccessLogEntry, Action
from droomplan.cases import services
from droomplan.cases.models import Participant
from droomplan.cases.selectors import normalised_name, possible_duplicates
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.cases.tests.test_views import intake_data

BIRTH = datetime.date(2003, 4, 1)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lísa", "lisa"),
        ("van der Berg", "Berg"),
        ("Van der Berg", "VAN DER BERG"),
        ("de Vries-Ömer", "Vries Omer"),
        ("D'Hondt", "dhondt"),
    ],
)
def test_names_that_are_the_same_after_normalising(a, b):
    assert normalised_name(a) == normalised_name(b)


@pytest.mark.parametrize(("a", "b"), [("Berg", "Bergen"), ("Vanderberg", "van der Berg")])
def test_names_that_stay_different(a, b):
    assert normalised_name(a) != normalised_name(b)


def test_possible_duplicates_need_the_same_birth_date_and_a_similar_name(db):
    same = ParticipantFactory(given_name="Samira", family_name="van Jansen", birth_date=BIRTH)
    swapped = ParticipantFactory(given_name="Jansen", family_name="Samira", birth_date=BIRTH)
    ParticipantFactory(
        given_name="Samira", family_name="Jansen", birth_date=datetime.date(2003, 4, 2)
    )
    ParticipantFactory(given_name="Sara", family_name="Jansen", birth_date=BIRTH)
    ParticipantFactory(
        given_name="Samira",
        family_name="Jansen",
        birth_date=BIRTH,
        anonymised_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    found = possible_duplicates(given_name="samira  fatima", family_name="JANSEN", birth_date=BIRTH)
    assert {p.pk for p in found} == {same.pk, swapped.pk}


def test_the_service_refuses_a_duplicate_unless_confirmed_and_logs_the_confirmation(db):
    first = ParticipantFactory(given_name="Samira", family_name="Jansen", birth_date=BIRTH)
    coach = CoachFactory()
    data = {
        "programme": first.programme,
        "given_name": "Samira",
        "family_name": "Jansen",
        "birth_date": BIRTH,
        "municipality": first.municipality,
        "intake_date": datetime.date(2025, 1, 1),
    }
    with pytest.raises(services.PossibleDuplicate) as refused:
        services.register_participant(actor=coach, **data)
    assert refused.value.matches == [first]
    assert Participant.objects.count() == 1
    second = services.register_participant(actor=coach, duplicate_confirmed=True, **data)
    entry = AccessLogEntry.objects.get(participant=second, detail__startswith="registered despite")
    assert entry.detail == f"registered despite match: {first.ref}"


def test_intake_page_warns_links_the_match_and_keeps_what_was_typed(
    lead_client, programme, municipality
):
    first = ParticipantFactory(
        programme=programme, given_name="Samira", family_name="Jansen", birth_date=BIRTH
    )
    response = lead_client.post(reverse("cases:intake"), intake_data(programme, municipality))
    page = response.content.decode()
    assert response.status_code == 200
    assert Participant.objects.count() == 1
    assert "Staat zij al in Droomplan?" in page
    assert reverse("cases:detail", args=[first.pk]) in page and first.ref in page
    assert 'type="checkbox" name="duplicate_confirmed"' in page
    assert 'value="samira@example.org"' in page  # nothing typed is lost
    assert AccessLogEntry.objects.filter(
        participant=first, action=Action.SEARCH, detail="duplicate check"
    ).exists()
    confirmed = intake_data(programme, municipality, duplicate_confirmed="on")
    response = lead_client.post(reverse("cases:intake"), confirmed)
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_a_coach_is_warned_without_seeing_another_coachs_family(
    coach_client, programme, municipality
):
    other = ParticipantFactory(
        programme=programme,
        given_name="Samira",
        family_name="Jansen",
        birth_date=BIRTH,
        coach=CoachFactory(),
    )
    page = coach_client.post(
        reverse("cases:intake"), intake_data(programme, municipality)
    ).content.decode()
    assert "een gezin dat u niet kunt openen" in page
    assert other.ref not in page
    assert reverse("cases:detail", args=[other.pk]) not in page
    assert not AccessLogEntry.objects.filter(participant=other, detail="duplicate check").exists()
