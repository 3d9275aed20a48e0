"""The case-file pages through the test client: the coach's path, the lead's tasks, access."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.cases import selectors, views
from droomplan.cases.models import Child, CoachAssignment, Contact, Participant, Status
from droomplan.cases.tests.factories import CoachFactory, ContactFactory, ParticipantFactory
from droomplan.programmes.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def intake_data(programme, municipality, /, **overrides):
    data = {
        "programme": programme.pk,
        "given_name": "Samira",
        "family_name": "Jansen",
        "birth_date": "2003-04-01",
        "phone": "06 12345678",
        "email": "samira@example.org",
        "address": "Hoofdstraat 1, Maastricht",
        "municipality": municipality.pk,
        "single_parent": "on",
        "intake_date": "2025-01-10",
        "cohort": "",
        "children-TOTAL_FORMS": "2",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
        "children-0-given_name": "Noor",
        "children-0-birth_date": "2022-05-05",
        "children-0-childcare": "MIK De Kleine Wereld",
        "children-0-school": "",
        "children-1-given_name": "",
        "children-1-birth_date": "",
        "children-1-childcare": "",
        "children-1-school": "",
    }
    data.update(overrides)
    return data


def test_coach_happy_path_from_intake_to_active_with_contacts(
    coach_client, coach, programme, municipality, today
):
    assert coach_client.get(reverse("cases:intake")).status_code == 200
    response = coach_client.post(reverse("cases:intake"), intake_data(programme, municipality))
    assert response.status_code == 302, response.content.decode()
    participant = Participant.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[participant.pk])
    assert participant.ref == "DM-0001"
    assert participant.status == Status.INTAKE
    assert [c.given_name for c in participant.children.all()] == ["Noor"]
    # the coach who registers becomes her coach
    assert CoachAssignment.objects.get(participant=participant, ended_on=None).coach == coach

    page = coach_client.get(
        reverse("cases:part", args=[participant.pk, "gegevens"])
    ).content.decode()
    assert "DM-0001" in page and "Samira Jansen" in page
    assert "Leeftijd op de intakedatum: 21" in page  # eligibility with its reason
    assert "Noor" in page

    response = coach_client.post(
        reverse("cases:start", args=[participant.pk]), {"start_date": "2025-02-01"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Status.ACTIVE
    assert participant.start_date == D(2025, 2, 1)
    assert list(participant.status_changes.values_list("to_status", flat=True)) == [
        Status.INTAKE,
        Status.ACTIVE,
    ]

    for note in ["Eerste huisbezoek", "Telefoontje over de opvang"]:
        response = coach_client.post(
            reverse("cases:contact_add", args=[participant.pk]),
            {
                "date": today.isoformat(),
                "kind": "home_visit",
                "duration_minutes": "45",
                "note": note,
            },
        )
        assert response.status_code == 302
        # back on the timeline part, not inside a folded part of the overview (issue 19)
        assert response["Location"] == (
            reverse("cases:part", args=[participant.pk, "contacten"]) + "#timeline"
        )
    assert participant.contacts.count() == 2
    page = coach_client.get(
        reverse("cases:part", args=[participant.pk, "contacten"])
    ).content.decode()
    assert "Eerste huisbezoek" in page and "Telefoontje over de opvang" in page
    assert page.index("Telefoontje") < page.index("Eerste huisbezoek")  # newest first

    log = AccessLogEntry.objects.filter(participant=participant)
    assert log.filter(action=Action.CREATE, object_type="participant").exists()
    assert log.filter(action=Action.VIEW, object_type="case").count() >= 2
    assert log.filter(action=Action.CREATE, object_type="contact").count() == 2

    caseload = coach_client.get(reverse("cases:caseload"))
    assert "Samira Jansen" in caseload.content.decode()
    assert log.filter(action=Action.LIST).exists()


def test_case_numbers_count_up(lead_client, programme, municipality):
    ParticipantFactory(programme=programme, ref="DM-0041")
    response = lead_client.post(reverse("cases:intake"), intake_data(programme, municipality))
    assert response.status_code == 302
    assert Participant.objects.filter(ref="DM-0042").exists()


def test_lead_registers_without_becoming_the_coach(lead_client, programme, municipality):
    lead_client.post(reverse("cases:intake"), intake_data(programme, municipality))
    participant = Participant.objects.get()
    assert not participant.coach_assignments.exists()
    page = lead_client.get(reverse("cases:detail", args=[participant.pk])).content.decode()
    assert "heeft nog geen coach" in page


def test_end_trajectory_keeps_history(coach_client, coach, programme):
    participant = ParticipantFactory(programme=programme, coach=coach, active=True)
    response = coach_client.post(
        reverse("cases:end", args=[participant.pk]),
        {"end_date": "2025-06-01", "end_reason": "moved", "note": "Verhuisd naar Venlo"},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Status.ENDED
    assert participant.end_reason == "moved"
    assert participant.status_changes.count() == 3
    page = coach_client.get(
        reverse("cases:part", args=[participant.pk, "gegevens"])
    ).content.decode()
    assert "Verhuisd naar Venlo" in page


# --- Eligibility and the waiting list --------------------------------------------------------


def test_ineligible_mother_cannot_start_until_the_lead_admits_her(client, coach, lead, programme):
    participant = ParticipantFactory(
        programme=programme, coach=coach, birth_date=D(1990, 1, 1), intake_date=D(2025, 1, 15)
    )
    client.force_login(coach)
    page = client.get(reverse("cases:part", args=[participant.pk, "gegevens"])).content.decode()
    assert "Voldoet niet aan elke regel" in page
    assert reverse("cases:admit", args=[participant.pk]) not in page
    response = client.post(
        reverse("cases:start", args=[participant.pk]), {"start_date": "2025-02-01"}
    )
    assert response.status_code == 200
    assert "projectleider" in response.content.decode()
    participant.refresh_from_db()
    assert participant.status == Status.INTAKE
    # a coach may not admit
    assert client.get(reverse("cases:admit", args=[participant.pk])).status_code == 403

    client.force_login(lead)
    assert client.get(reverse("cases:admit", args=[participant.pk])).status_code == 200
    response = client.post(reverse("cases:admit", args=[participant.pk]), {"reason": "   "})
    assert response.status_code == 200
    response = client.post(
        reverse("cases:admit", args=[participant.pk]), {"reason": "Zwanger, grote urgentie"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.eligibility_override == "Zwanger, grote urgentie"
    page = client.get(reverse("cases:part", args=[participant.pk, "gegevens"])).content.decode()
    assert "Zwanger, grote urgentie" in page

    client.force_login(coach)
    response = client.post(
        reverse("cases:start", args=[participant.pk]), {"start_date": "2025-02-01"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Status.ACTIVE


def test_full_group_puts_her_on_the_waiting_list(lead_client, programme):
    from droomplan.programmes.tests.factories import CohortFactory

    programme.cohort_size = 2
    programme.save()
    group = CohortFactory(programme=programme, name="Groep Maastricht 1")
    ParticipantFactory.create_batch(2, programme=programme, cohort=group)
    participant = ParticipantFactory(programme=programme)
    response = lead_client.post(
        reverse("cases:cohort", args=[participant.pk]), {"cohort": group.pk}, follow=True
    )
    page = response.content.decode()
    participant.refresh_from_db()
    assert participant.on_waiting_list
    assert "wachtlijst" in page
    assert "2 van 2 plaatsen bezet" in page
    # she cannot start while waiting
    response = lead_client.post(
        reverse("cases:start", args=[participant.pk]), {"start_date": "2025-02-01"}
    )
    assert response.status_code == 200
    assert "wachtlijst" in response.content.decode()
    # and the caseload can show only the waiting list
    response = lead_client.get(reverse("cases:caseload"), {"status": "waiting_list"})
    assert list(response.context["page"].object_list) == [participant]


# --- Coach change and handover ---------------------------------------------------------------


def test_coach_change_needs_a_handover_note_that_the_new_coach_reads_first(
    client, coach, lead, programme
):
    from droomplan.cases.tests.factories import CoachFactory

    new_coach = CoachFactory(username="coach-bo", first_name="Bo", last_name="Nieuw")
    participant = ParticipantFactory(programme=programme, coach=coach, active=True)
    url = reverse("cases:coach", args=[participant.pk])

    client.force_login(coach)  # a coach cannot change coaches
    assert client.get(url).status_code == 403

    client.force_login(lead)
    data = {"coach": new_coach.pk, "on_date": "2025-05-01", "handover_note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "overdrachtsnotitie" in response.content.decode()
    assert CoachAssignment.objects.filter(participant=participant).count() == 1

    data["handover_note"] = "Let op: schuldeisers bellen vaak. Afspraak MIK op dinsdag."
    assert client.post(url, data).status_code == 302
    current = CoachAssignment.objects.get(participant=participant, ended_on=None)
    assert current.coach == new_coach

    client.force_login(new_coach)
    detail = reverse("cases:detail", args=[participant.pk])
    page = client.get(detail).content.decode()
    assert "Lees dit eerst" in page
    assert page.index("Lees dit eerst") < page.index("<h1")  # at the top of the page
    assert "schuldeisers bellen vaak" in page
    client.post(reverse("cases:handover_read", args=[participant.pk]))
    current.refresh_from_db()
    assert current.handover_read_at is not None
    assert AccessLogEntry.objects.filter(
        participant=participant, detail="handover note read", user=new_coach
    ).exists()
    assert "Lees dit eerst" not in client.get(detail).content.decode()

    # the old coach no longer sees the family
    client.force_login(coach)
    assert client.get(detail).status_code == 404
    # the history (the details part) shows both coaches
    client.force_login(lead)
    page = client.get(reverse("cases:part", args=[participant.pk, "gegevens"])).content.decode()
    assert "Anna Coach" in page and "Bo Nieuw" in page


# --- Contact moments: 24 hours, then a correction --------------------------------------------


def test_contact_can_be_edited_for_24_hours_then_only_corrected(coach_client, coach, programme):
    participant = ParticipantFactory(programme=programme, coach=coach)
    contact = ContactFactory(participant=participant, author=coach, note="Eerste versie")
    edit = reverse("cases:contact_edit", args=[participant.pk, contact.pk])
    data = {"date": "2025-03-01", "kind": "phone", "duration_minutes": "20", "note": "Tweede"}
    assert coach_client.post(edit, data).status_code == 302
    contact.refresh_from_db()
    assert contact.note == "Tweede" and contact.kind == "phone"

    Contact.objects.filter(pk=contact.pk).update(
        created_at=contact.created_at - datetime.timedelta(hours=25)
    )
    response = coach_client.post(edit, {**data, "note": "Derde"})
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("cases:contact_correct", args=[participant.pk, contact.pk])
    )
    contact.refresh_from_db()
    assert contact.note == "Tweede"

    correct = reverse("cases:contact_correct", args=[participant.pk, contact.pk])
    form = coach_client.get(correct).content.decode()
    assert "Tweede" in form  # the original is shown and prefilled
    response = coach_client.post(correct, {**data, "note": "Het was 30 minuten"})
    assert response.status_code == 302
    correction = Contact.objects.get(corrects=contact)
    assert correction.note == "Het was 30 minuten"
    page = coach_client.get(
        reverse("cases:part", args=[participant.pk, "contacten"])
    ).content.decode()
    assert f'href="#contact-{contact.pk}"' in page  # the correction links to the original
    assert f'href="#contact-{correction.pk}"' in page  # and the original to its correction
    assert "Gecorrigeerd" in page


def test_someone_else_cannot_edit_a_contact(client, coach, lead, programme):
    participant = ParticipantFactory(programme=programme, coach=coach)
    contact = ContactFactory(participant=participant, author=coach, note="Van Anna")
    client.force_login(lead)
    url = reverse("cases:contact_edit", args=[participant.pk, contact.pk])
    data = {"date": "2025-03-01", "kind": "phone", "duration_minutes": "20", "note": "Lea"}
    client.post(url, data)
    contact.refresh_from_db()
    assert contact.note == "Van Anna"


# --- Timeline --------------------------------------------------------------------------------


def test_timeline_merges_everything_newest_first(lead, coach, programme):
    from droomplan.cases import selectors, services
    from droomplan.plans.models import GoalStatusChange
    from droomplan.plans.tests.factories import GoalFactory

    participant = ParticipantFactory(programme=programme, coach=coach, active=True)
    contact = ContactFactory(participant=participant, author=coach, date=D(2025, 3, 1))
    goal = GoalFactory(participant=participant, title="Schulden op een rij")
    GoalStatusChange.objects.create(goal=goal, from_status="open", to_status="achieved")
    services.end_trajectory(
        actor=lead, participant=participant, end_date=D(2025, 4, 1), end_reason="completed"
    )
    items = selectors.timeline(participant)
    kinds = [item.kind for item in items]
    assert sorted(set(kinds)) == ["coach", "contact", "goal", "status"]
    assert kinds.count("goal") == 2
    dates = [(item.date, item.at) for item in items]
    assert dates == sorted(dates, reverse=True)
    assert any(item.obj == contact for item in items)


def test_her_notes_on_goals_stay_on_the_timeline_without_her_login(coach, programme):
    """A family moved by the exchange format has no portal login here; her notes moved along."""
    from droomplan.cases import selectors
    from droomplan.plans.models import GoalNote
    from droomplan.plans.tests.factories import GoalFactory

    participant = ParticipantFactory(programme=programme, coach=coach, active=True)
    assert participant.user_id is None
    goal = GoalFactory(participant=participant, title="Werk vinden")
    note = GoalNote.objects.create(goal=goal, went_well="Vacature gevonden.")
    portal = [item for item in selectors.timeline(participant) if item.kind == "portal"]
    assert [item.obj for item in portal] == [note]


# --- Who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["municipal_contact", "board", "analyst", "admin"])
def test_roles_without_case_access_get_403_on_the_caseload(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("cases:caseload")).status_code == 403
    assert client.get(reverse("cases:intake")).status_code == 403
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).exists()


def test_case_of_someone_else_is_404_and_logged(client, coach, programme):
    other = ParticipantFactory(programme=programme)
    client.force_login(coach)
    for name in ["detail", "edit", "start", "contact_add", "child_add", "cohort"]:
        assert client.get(reverse(f"cases:{name}", args=[other.pk])).status_code == 404
    denied = AccessLogEntry.objects.filter(participant=other, outcome=Outcome.DENIED)
    assert denied.count() == 6


@pytest.mark.parametrize("pk", ["abc", "99999", "99999999999999999999999", "1.5"])
def test_bad_ids_in_the_url_are_404(lead_client, pk):
    assert lead_client.get(f"/deelnemers/{pk}/").status_code == 404


def test_unknown_sub_objects_are_404(coach_client, coach, programme):
    participant = ParticipantFactory(programme=programme, coach=coach)
    other_contact = ContactFactory()
    urls = [
        reverse("cases:child_edit", args=[participant.pk, 999]),
        reverse("cases:contact_edit", args=[participant.pk, other_contact.pk]),
        reverse("cases:contact_correct", args=[participant.pk, other_contact.pk]),
        f"/deelnemers/{participant.pk}/kinderen/abc/",
    ]
    for url in urls:
        assert coach_client.get(url).status_code == 404, url


def test_coach_sees_only_her_families(coach_client, coach, programme):
    mine = ParticipantFactory(programme=programme, coach=coach, given_name="Mijn")
    ParticipantFactory(programme=programme, given_name="Ander")
    response = coach_client.get(reverse("cases:caseload"))
    assert list(response.context["page"].object_list) == [mine]
    home = coach_client.get("/").content.decode()
    assert reverse("cases:detail", args=[mine.pk]) in home
    assert "Gezinnen" in home  # the navigation item


def test_coach_home_empty_state(coach_client):
    page = coach_client.get("/").content.decode()
    assert "dp-empty" in page and "/deelnemers/" not in page.split("section-coach")[1]


def test_caseload_filters(lead_client, programme):
    from droomplan.plans.tests.factories import ActionFactory

    a = ParticipantFactory(programme=programme, given_name="Aisha", family_name="Bakker")
    b = ParticipantFactory(programme=programme, given_name="Bea", family_name="Smit", active=True)
    ActionFactory(goal__participant=b, due_date=D(2000, 1, 1), goal__domain="education")
    url = reverse("cases:caseload")

    def names(params):
        response = lead_client.get(url, params)
        assert response.status_code == 200
        return [p.given_name for p in response.context["page"].object_list]

    assert names({"q": "bakk"}) == ["Aisha"]
    assert names({"q": a.ref}) == ["Aisha"]
    assert names({"status": "active"}) == ["Bea"]
    assert names({"overdue": "on"}) == ["Bea"]
    assert names({"domain": "education"}) == ["Bea"]
    assert names({"domain": "finances"}) == []
    assert names({"municipality": a.municipality_id}) == ["Aisha", "Bea"]
    # nonsense filters do not break the page
    assert sorted(names({"cohort": "abc", "status": "nope"})) == ["Aisha", "Bea"]
    assert AccessLogEntry.objects.filter(action=Action.SEARCH).exists()


def test_a_caseload_with_more_matches_than_the_cap_says_more_than_and_pages_on(
    lead_client, programme, monkeypatch
):
    """The count stops at a cap (`core.pagination`, 1,000): above it the list says "meer dan"
    and every page stays reachable; each page logs only its own families."""
    monkeypatch.setattr("droomplan.core.pagination.COUNT_CAP", 2)
    monkeypatch.setattr(views, "PER_PAGE", 2)
    families = [
        ParticipantFactory(programme=programme, given_name=name, family_name="Maas")
        for name in ("Anna", "Bea", "Cor", "Dina", "Eva")
    ]
    url = reverse("cases:caseload")
    first = lead_client.get(url, {"q": "maas"})
    html = first.content.decode()
    assert first.context["page"].paginator.capped
    assert "Meer dan 2 gezinnen" in html and "Pagina 1 van meer dan 1" in html
    third = lead_client.get(url, {"q": "maas", "page": 3})
    page = third.context["page"]
    assert [p.given_name for p in page.object_list] == ["Eva"]
    assert not page.has_next() and "Pagina 3<" in third.content.decode()
    logged = AccessLogEntry.objects.filter(action=Action.SEARCH, detail="caseload")
    assert set(logged.values_list("participant_id", flat=True)) == {
        families[i].pk for i in (0, 1, 4)
    }
    assert not lead_client.get(url, {"q": "anna"}).context["page"].paginator.capped


def test_the_count_of_a_thousand_families_is_written_with_a_separator(lead_client, programme):
    """Exactly at the cap the count is still exact: "1.000 gezinnen", written like "Meer dan
    1.000" above it (it said "1000 gezinnen")."""
    municipality = MunicipalityFactory()
    Participant.objects.bulk_create(
        ParticipantFactory.build_batch(1000, programme=programme, municipality=municipality)
    )
    response = lead_client.get(reverse("cases:caseload"))
    assert not response.context["page"].paginator.capped
    assert "1.000 gezinnen" in response.content.decode()


# --- Bad input: no change, a Dutch message, the typed values kept ----------------------------


def _assert_rejected(response, *texts):
    assert response.status_code == 200
    page = response.content.decode()
    assert "Er is nog niets opgeslagen" in page or "utrecht-form-field-error-message" in page
    for text in texts:
        assert text in page, text


def test_bad_intake_changes_nothing_and_keeps_values(coach_client, programme, municipality):
    cases = [
        ({"given_name": ""}, "Dit veld is verplicht"),
        ({"birth_date": "31-31-2020"}, "Voer een geldige datum in"),
        ({"birth_date": "2099-01-01"}, "toekomst"),
        ({"intake_date": "2099-01-01"}, "toekomst"),
        ({"email": "geen-mail"}, "e-mailadres"),
        ({"phone": "bel me"}, "telefoonnummer"),
        ({"municipality": "999"}, "geldige keuze"),
        ({"programme": "x"}, "geldige keuze"),
        ({"children-0-birth_date": "gisteren"}, "Voer een geldige datum in"),
        ({"children-0-given_name": ""}, "Dit veld is verplicht"),
    ]
    for overrides, message in cases:
        data = intake_data(programme, municipality, **overrides)
        response = coach_client.post(reverse("cases:intake"), data)
        _assert_rejected(response, message, 'value="Jansen"')
    assert not Participant.objects.exists()
    assert not Child.objects.exists()


def test_bad_details_and_child_forms(coach_client, coach, programme):
    participant = ParticipantFactory(programme=programme, coach=coach, family_name="Vos")
    data = {
        "given_name": "Nieuw",
        "family_name": "Vos",
        "birth_date": "niet",
        "municipality": participant.municipality_id,
        "intake_date": "2025-01-15",
    }
    response = coach_client.post(reverse("cases:edit", args=[participant.pk]), data)
    _assert_rejected(response, "Voer een geldige datum in", 'value="Nieuw"')
    participant.refresh_from_db()
    assert participant.given_name != "Nieuw"

    response = coach_client.post(
        reverse("cases:child_add", args=[participant.pk]),
        {"given_name": "Tim", "birth_date": "2099-01-01"},
    )
    _assert_rejected(response, "toekomst", 'value="Tim"')
    assert not participant.children.exists()


def test_bad_status_cohort_coach_admit_and_contact_forms(client, coach, lead, programme):
    from droomplan.programmes.tests.factories import CohortFactory

    participant = ParticipantFactory(programme=programme, coach=coach)
    other_group = CohortFactory()  # another programme
    client.force_login(lead)
    checks = [
        ("start", {"start_date": "2024-01-01"}, "voor de intakedatum"),
        ("start", {"start_date": "morgen"}, "geldige datum"),
        ("end", {"end_date": "2025-06-01", "end_reason": "bad", "note": "Xyz"}, "Xyz"),
        ("cohort", {"cohort": other_group.pk}, "geldige keuze"),
        ("coach", {"coach": coach.pk, "on_date": "2025-05-01"}, "al de coach"),
        ("coach", {"coach": lead.pk, "on_date": "2025-05-01"}, "geldige keuze"),
        ("admit", {"reason": ""}, "Dit veld is verplicht"),
        (
            "contact_add",
            {"date": "2099-01-01", "kind": "phone", "duration_minutes": "5", "note": "Abc"},
            "toekomst",
        ),
        (
            "contact_add",
            {"date": "2025-01-01", "kind": "phone", "duration_minutes": "-3", "note": "Abc"},
            "Abc",
        ),
        (
            "contact_add",
            {"date": "2025-01-01", "kind": "x", "duration_minutes": "9", "note": "Abc"},
            "geldige keuze",
        ),
    ]
    before = (
        Contact.objects.count(),
        CoachAssignment.objects.count(),
        participant.status_changes.count(),
    )
    for name, data, message in checks:
        response = client.post(reverse(f"cases:{name}", args=[participant.pk]), data)
        _assert_rejected(response, message)
    participant.refresh_from_db()
    assert participant.status == Status.INTAKE
    assert participant.cohort is None
    assert participant.eligibility_override == ""
    after = (
        Contact.objects.count(),
        CoachAssignment.objects.count(),
        participant.status_changes.count(),
    )
    assert before == after


def test_programme_lead_home_counts(rf, lead, programme):
    from droomplan.cases.home import programme_lead_cases

    ParticipantFactory.create_batch(2, programme=programme)
    ParticipantFactory(programme=programme, active=True, on_waiting_list=True)
    request = rf.get("/")
    request.user = lead
    counts = programme_lead_cases(request)["case_counts"]
    assert counts == {"intake": 2, "active": 1, "ended": 0, "waiting": 1}


def test_case_page_includes_the_plan(coach_client, coach, programme):
    from droomplan.plans.tests.factories import GoalFactory

    participant = ParticipantFactory(programme=programme, coach=coach)
    GoalFactory(participant=participant, title="Rijbewijs halen")
    page = coach_client.get(reverse("cases:detail", args=[participant.pk])).content.decode()
    assert 'id="plan"' in page
    assert "Rijbewijs halen" in page


@pytest.mark.django_db
def test_the_case_file_is_an_overview_with_parts(coach_client, coach):
    """Issue 19: the overview shows who she is, coach, status and her open goals; every other
    part is one summary line there (no JavaScript needed) linking to its own page, also
    linked from the parts menu."""
    mother = ParticipantFactory(coach=coach, active=True)
    ContactFactory(participant=mother, author=coach, note="Huisbezoek gehad")
    body = coach_client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    nav = body[
        body.index('class="dp-case-tabs"') : body.index("</nav>", body.index("dp-case-tabs"))
    ]
    assert "Onderdelen van het dossier" in body
    for part in ("gegevens", "plan", "measurements", "rights", "contacten"):
        url = reverse("cases:part", args=[mother.pk, part])
        assert f'href="{url}"' in nav
        page = coach_client.get(url)
        assert page.status_code == 200
        assert 'aria-current="page"' in page.content.decode()
    main = body[body.index("<main") :]
    assert 'id="plan"' in main and "<details" not in main  # nothing folded: summaries
    for part in ("measurements", "rights", "timeline"):
        assert f'id="part-{part}"' in body
    assert "1 contactmoment" in body and "Huisbezoek gehad" not in body
    timeline = coach_client.get(reverse("cases:part", args=[mother.pk, "contacten"]))
    assert "Huisbezoek gehad" in timeline.content.decode()
    measurements = coach_client.get(reverse("cases:part", args=[mother.pk, "measurements"]))
    assert "Huisbezoek gehad" not in measurements.content.decode()
    assert 'id="plan"' not in measurements.content.decode()
    missing = coach_client.get(reverse("cases:part", args=[mother.pk, "nope"]))
    assert missing.status_code == 404


@pytest.mark.django_db
def test_the_overview_checks_the_admission_rules_only_when_it_shows_them(coach_client, coach):
    """Issue 18: the overview warns about the admission rules for a mother in intake who
    does not meet them, and does not check them for one who started or was admitted despite
    them (the warning is not shown then); her details always show them. Her contact summary
    comes with her programme and group in one query."""
    mother = ParticipantFactory(coach=coach, birth_date=D(1990, 1, 1), intake_date=D(2025, 1, 15))
    ContactFactory(participant=mother, author=coach, date=D(2025, 2, 3))
    ContactFactory(participant=mother, author=coach, date=D(2025, 1, 20))
    overview = reverse("cases:detail", args=[mother.pk])
    details = reverse("cases:part", args=[mother.pk, "gegevens"])
    response = coach_client.get(overview)
    assert response.context["case"].eligible is False
    body = response.content.decode()
    assert "Ze voldoet niet aan elke toelatingsregel." in body
    assert "2 contactmomenten, het laatste op 3 feb 2025" in body

    Participant.objects.filter(pk=mother.pk).update(eligibility_override="Grote urgentie")
    response = coach_client.get(overview)
    assert response.context["case"].eligible is None  # not checked: not shown
    assert "Ze voldoet niet aan elke toelatingsregel." not in response.content.decode()
    response = coach_client.get(details)
    assert response.context["case"].eligible is False
    assert "Toegelaten ondanks de regels" in response.content.decode()


@pytest.mark.django_db
def test_a_part_page_answers_in_a_fixed_number_of_queries(
    coach_client, coach, django_assert_num_queries
):
    mother = ParticipantFactory(coach=coach, active=True)
    url = reverse("cases:part", args=[mother.pk, "contacten"])
    coach_client.get(url)  # the session's first request saves it (accounts.middleware)
    for contacts in (1, 6, 120):
        for _ in range(contacts):
            ContactFactory(participant=mother, author=coach)
        # + consents on the timeline (portal rights), + her notes on goals; - her programme,
        # the admission rules and her group, which the timeline does not show
        with django_assert_num_queries(17):
            assert coach_client.get(url).status_code == 200
        with django_assert_num_queries(17):  # an older page too
            older = selectors.TimelineCursor(D(2025, 3, 2), timezone.now())
            assert coach_client.get(url, {"ouder": older.token}).status_code == 200


def _shown_contacts(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="contact-(\d+)"', body)]


def test_the_timeline_part_shows_a_page_at_a_time_with_older_pages(coach_client, coach):
    """Issue 18: the newest 50 items, then "Oudere" (a date cursor; no JavaScript), each
    item once; each view one access-log entry naming what was shown."""
    mother = ParticipantFactory(coach=coach)
    contacts = [
        ContactFactory(participant=mother, author=coach, date=D(2025, 1, 1) + day * DAY)
        for day in range(70)
    ]
    url = reverse("cases:part", args=[mother.pk, "contacten"])
    first = coach_client.get(url).content.decode()
    shown = _shown_contacts(first)
    assert len(shown) == views.TIMELINE_PER_PAGE
    assert shown == [c.pk for c in reversed(contacts)][:50]  # the newest first
    older = re.search(r'rel="next" href="\?ouder=([^"]+)"', first).group(1)
    second = coach_client.get(url, {"ouder": older}).content.decode()
    assert shown + _shown_contacts(second) == [c.pk for c in reversed(contacts)]
    assert 'rel="next"' not in second and 'rel="first"' in second
    entries = AccessLogEntry.objects.filter(participant=mother, action=Action.VIEW)
    assert entries.count() == 2
    details = sorted(e.detail for e in entries)
    assert "items (20 contact moments), before 2025-01-21" in details[0]
    assert "contact timeline: 50 items (50 contact moments), newest first" in details[1]


def test_an_older_page_reads_only_its_own_rows(coach):
    """The work is bounded by the page: each kind is cut in its query (LIMIT), not in Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mother = ParticipantFactory(coach=coach)
    for day in range(30):
        ContactFactory(participant=mother, author=coach, date=D(2025, 1, 1) + day * DAY)
    cursor = selectors.TimelineCursor(D(2025, 1, 21), timezone.now())
    with CaptureQueriesContext(connection) as queries:
        page = selectors.timeline_page(mother, before=cursor, limit=5)
    assert [c.date for c in page.contacts] == [D(2025, 1, 21) - d * DAY for d in range(5)]
    assert page.older.key == page.items[-1].key  # the next page starts after the last shown
    contact_sql = [q["sql"] for q in queries if 'FROM "cases_contact"' in q["sql"]]
    assert contact_sql and all("LIMIT 6" in sql for sql in contact_sql[:1])


@pytest.mark.parametrize(
    "bad",
    [
        "x",
        "2025-13-01.1",
        "2025-01-01.",
        "9999-12-31.99999999999999999",
        "2025-01-01.-5",
        "2025-01-01.1.3",  # a rank without a key
        "2025-01-01.1.0.5",  # no such rank
        "2025-01-01.1.11.5",
        "2025-01-01.1.3.x",
        "2025-01-01.1.3.5.",
    ],
)
def test_a_bad_timeline_page_shows_the_newest_with_a_message(coach_client, coach, bad):
    mother = ParticipantFactory(coach=coach)
    contact = ContactFactory(participant=mother, author=coach)
    url = reverse("cases:part", args=[mother.pk, "contacten"])
    response = coach_client.get(url, {"ouder": bad})
    assert response.status_code == 200
    assert f'id="contact-{contact.pk}"' in response.content.decode()
    assert 'class="utrecht-alert utrecht-alert--warning"' in response.content.decode()


def test_a_correction_links_to_the_page_of_the_note_it_corrects(coach_client, coach):
    mother = ParticipantFactory(coach=coach)
    original = ContactFactory(participant=mother, author=coach, date=D(2024, 1, 1))
    for day in range(55):
        ContactFactory(participant=mother, author=coach, date=D(2025, 1, 1) + day * DAY)
    fix = ContactFactory(participant=mother, author=coach, date=D(2025, 6, 1), corrects=original)
    url = reverse("cases:part", args=[mother.pk, "contacten"])
    body = coach_client.get(url).content.decode()
    link = re.search(rf'href="(\?ouder=[^"#]+)#contact-{original.pk}"', body)
    assert link is not None  # the original is on an older page
    older = coach_client.get(url + link.group(1).replace("&amp;", "&")).content.decode()
    assert f'id="contact-{original.pk}"' in older
    assert f'#contact-{fix.pk}"' in older  # and links back to its correction


@pytest.mark.django_db
def test_a_name_with_an_apostrophe_is_shown_escaped(coach_client, coach):
    mother = ParticipantFactory(coach=coach, family_name="van 't Erve<script>")
    body = coach_client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert "van &#x27;t Erve&lt;script&gt;" in body
    assert "<script>" not in body.split("</h1>")[0].split("<h1")[1]


def test_a_coach_finds_her_family_from_the_header_and_only_hers(coach_client, coach, programme):
    mine = ParticipantFactory(
        programme=programme, coach=coach, given_name="Zoë", family_name="Kuipers"
    )
    other = ParticipantFactory(programme=programme, given_name="Zoë", family_name="Kuipers")
    home = coach_client.get("/").content.decode()
    assert 'role="search"' in home and 'name="q"' in home
    page = coach_client.get(reverse("cases:caseload"), {"q": "kuipers"}).content.decode()
    assert mine.ref in page and other.ref not in page
    # Seen in a list today (her home listed her first; the search adds no second row).
    seen = AccessLogEntry.objects.filter(participant=mine, action__in=[Action.LIST, Action.SEARCH])
    assert seen.count() == 1
    assert not AccessLogEntry.objects.filter(participant=other).exists()


def test_the_lead_filters_families_without_a_coach(client, lead, programme, coach):
    """Issue 19: the lead's caseload has "zonder coach"; a coach (all hers) is not asked."""
    ParticipantFactory(programme=programme, given_name="Aisha", family_name="Bakker", coach=coach)
    ParticipantFactory(programme=programme, given_name="Bea", family_name="Smit")
    url = reverse("cases:caseload")
    client.force_login(lead)
    response = client.get(url, {"without_coach": "on"})
    assert [p.given_name for p in response.context["page"].object_list] == ["Bea"]
    assert "Alleen zonder coach" in response.content.decode()  # a label starts with a capital
    client.force_login(coach)
    assert "without_coach" not in client.get(url).content.decode()


def test_a_refused_start_does_not_point_at_marked_fields(client, coach, programme):
    """Issue 19: an error that belongs to no field is not announced as "fields marked below"."""
    participant = ParticipantFactory(
        programme=programme, coach=coach, birth_date=D(1990, 1, 1), intake_date=D(2025, 1, 15)
    )
    client.force_login(coach)
    body = client.post(
        reverse("cases:start", args=[participant.pk]), {"start_date": "2025-02-01"}
    ).content.decode()
    assert "Er is nog niets opgeslagen." in body
    assert "Verbeter de velden" not in body
    assert "Startdatum" in body  # labels start with a capital


@pytest.mark.django_db
def test_every_part_is_closed_to_who_may_not_see_it(client, coach, lead, programme):
    """A part page is the case file: the other coach and a partner (who has her own, smaller
    case page) are refused and logged; the lead opens every part."""
    from droomplan.accounts.tests.factories import UserFactory
    from droomplan.core.roles import Role
    from droomplan.core.sections import parts

    mother = ParticipantFactory(programme=programme, coach=coach, active=True)
    names = [name for name, _title in parts()] + ["contacten"]
    assert {"plan", "measurements", "rights", "consents"} <= set(names)
    other_coach = CoachFactory()
    partner = UserFactory(role=Role.PARTNER)
    for user, allowed in ((lead, True), (other_coach, False), (partner, False)):
        client.force_login(user)
        for name in names:
            before = AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()
            status = client.get(reverse("cases:part", args=[mother.pk, name])).status_code
            if allowed:
                assert status == 200, (user, name)
            else:
                assert status in (403, 404), (user, name)
                assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count() > before


@pytest.mark.django_db
def test_the_overview_logs_what_its_summary_lines_show(coach_client, coach):
    """The overview no longer renders the parts, but its lines show her measurements and life
    domains: the access log still records those reads, as it did for the folded sections."""
    from droomplan.instruments.tests.factories import MeasurementFactory

    mother = ParticipantFactory(coach=coach, active=True)
    MeasurementFactory(participant=mother, instrument="pss-10", taken_on=mother.start_date)
    body = coach_client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert "1 meting, de laatste" in body
    from droomplan.audit.labels import seen_parts

    read = set()
    for entry in AccessLogEntry.objects.filter(participant=mother, action=Action.VIEW):
        read |= set(seen_parts(entry.object_type, entry.detail))
    assert {"measurement", "lifedomains"} <= read


@pytest.mark.django_db
def test_forms_about_her_details_return_to_the_details_part(coach_client, coach, programme):
    """Issue 19: no redirect to an anchor of the overview; her details have their own page."""
    from droomplan.programmes.tests.factories import CohortFactory

    mother = ParticipantFactory(programme=programme, coach=coach)
    response = coach_client.post(
        reverse("cases:cohort", args=[mother.pk]), {"cohort": CohortFactory(programme=programme).pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:part", args=[mother.pk, "gegevens"])


@pytest.mark.django_db
def test_a_case_page_view_is_one_access_log_entry(coach_client, coach):
    """Issue 18: the case page used to write four entries per view (the file, measurements,
    life domains, meetings); now one, which names every part shown, so her overview still
    says what was seen."""
    from droomplan.audit.labels import seen_parts
    from droomplan.instruments.tests.factories import MeasurementFactory
    from droomplan.lifedomains.tests.factories import DebtFactory

    mother = ParticipantFactory(coach=coach, active=True)
    MeasurementFactory(participant=mother, instrument="pss-10", value=3)
    DebtFactory(participant=mother)
    before = AccessLogEntry.objects.filter(participant=mother).count()
    assert coach_client.get(reverse("cases:detail", args=[mother.pk])).status_code == 200
    entries = AccessLogEntry.objects.filter(participant=mother)[:10]
    assert len(entries) - before == 1
    entry = entries[0]
    assert entry.action == Action.VIEW and entry.object_type == "case"
    assert {"measurement", "lifedomains"} <= set(seen_parts(entry.object_type, entry.detail))
    part = reverse("cases:part", args=[mother.pk, "measurements"])
    assert coach_client.get(part).status_code == 200
    assert AccessLogEntry.objects.filter(participant=mother).count() - before == 2


def test_the_pages_of_the_timeline_together_are_the_whole_timeline(coach, programme):
    """Every kind (contacts, corrections, status, coach, goals, consents given and withdrawn,
    what she did in her portal) is paged by the cursor: no item lost, none twice."""
    from droomplan.access.tests.factories import ConsentFactory
    from droomplan.plans.models import GoalNote, GoalStatusChange
    from droomplan.plans.tests.factories import ActionFactory, GoalFactory
    from droomplan.portal.tests.factories import mother_with_login

    mother = mother_with_login(participant=ParticipantFactory(programme=programme, coach=coach))
    her = mother.user
    for day in range(4):
        ContactFactory(participant=mother, author=coach, date=D(2025, 2, 1) + day * DAY)
    goal = GoalFactory(participant=mother, title="Werk vinden")
    GoalStatusChange.objects.create(goal=goal, from_status="open", to_status="achieved")
    ActionFactory(goal=goal, created_by=her, done_by=her, done_on=D(2025, 2, 3))
    GoalNote.objects.create(goal=goal, went_well="Vacature gevonden.")
    ConsentFactory(participant=mother, withdrawn=True)
    ConsentFactory(participant=mother)

    def key(item):
        return (item.kind, item.title, item.date, item.at)

    whole = [key(i) for i in selectors.timeline(mother)]
    paged, before = [], None
    for _ in range(len(whole)):
        page = selectors.timeline_page(mother, before=before, limit=3)
        paged += [key(i) for i in page.items]
        if page.older is None:
            break
        before = page.older
    assert len(whole) > 10
    kinds = {k[0] for k in whole}
    assert kinds == {"contact", "status", "coach", "goal", "consent", "portal"}
    assert paged == whole


def test_the_caseload_warns_about_no_coach_only_for_families_not_ended(lead_client, programme):
    """An ended family has no current coach by nature: no "Nog geen coach" warning for her (at
    province scale most rows of the lead's list are ended families), only for a family in
    the programme now."""

    ParticipantFactory(programme=programme, given_name="Eva", status=Status.ENDED)
    response = lead_client.get(reverse("cases:caseload"), {"status": "ended"})
    assert response.status_code == 200
    assert "Eva" in response.content.decode() and "Nog geen coach" not in response.content.decode()
    ParticipantFactory(programme=programme, given_name="Ilse")
    page = lead_client.get(reverse("cases:caseload"), {"status": "intake"}).content.decode()
    assert "Ilse" in page and "Nog geen coach" in page


def test_items_of_one_moment_are_not_lost_between_pages(coach, programme):
    """Imported rows are dated at noon of their day (`exchange.plan_sync`), so several items
    can share one moment (date and time): a page that ends between two of them must not lose
    the rest (the cursor holds the source and the row's key as well)."""
    from droomplan.access.models import Consent
    from droomplan.access.tests.factories import ConsentFactory
    from droomplan.cases.models import Contact
    from droomplan.plans.models import Goal
    from droomplan.plans.tests.factories import GoalFactory

    mother = ParticipantFactory(programme=programme, coach=coach)
    noon = timezone.make_aware(datetime.datetime(2025, 3, 4, 12, 0))
    for _ in range(5):
        ContactFactory(participant=mother, author=coach, date=D(2025, 3, 4))
    Contact.objects.filter(participant=mother).update(created_at=noon)
    for _ in range(3):
        GoalFactory(participant=mother)
    Goal.objects.filter(participant=mother).update(created_at=noon)
    for _ in range(2):
        ConsentFactory(participant=mother, given_on=D(2025, 3, 4))
    Consent.objects.filter(participant=mother).update(created_at=noon)

    def key(item):
        return (item.kind, item.obj.pk, item.date, item.at)

    whole = [key(i) for i in selectors.timeline(mother)]
    assert len([k for k in whole if k[3] == noon]) == 10
    for limit in (1, 2, 3, 4, 7):
        paged, before = [], None
        for _ in range(len(whole)):
            page = selectors.timeline_page(mother, before=before, limit=limit)
            paged += [key(i) for i in page.items]
            if page.older is None:
                break
            before = selectors.TimelineCursor.parse(page.older.token)  # as the link carries it
        assert paged == whole, limit


def test_a_timeline_link_of_before_the_tie_break_still_works():
    """A link saved before the cursor held the source and key (date and moment only): the
    items strictly older than that moment, as it meant then."""
    old = selectors.TimelineCursor.parse("2025-03-04.1741086000000000")
    assert (old.rank, old.pk) == (0, 0)
    assert old.token == "2025-03-04.1741086000000000"
    new = selectors.TimelineCursor.parse("2025-03-04.1741086000000000.10.17")
    assert (new.date, new.at, new.rank, new.pk) == (old.date, old.at, 10, 17)
    assert selectors.TimelineCursor.parse(new.token) == new
