import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.labels import seen_parts
from droomplan.audit.models import AccessLogEntry
from droomplan.cases.models import Participant, Status
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.signals.models import Signal, SignalRoute

from .factories import SignalFactory

TODAY = timezone.localdate()


@pytest.fixture
def contact_client(client, contact):
    client.force_login(contact)
    return client


def _signal(programme, municipality, contact, **kwargs):
    return SignalFactory(
        programme=programme, municipality=municipality, assigned_to=contact, **kwargs
    )


# --- The list --------------------------------------------------------------------------------


def test_list_shows_overdue_first_and_marks_it_in_text(
    contact_client, programme, maastricht, contact
):
    later = _signal(programme, maastricht, contact, first_contact_due=TODAY + datetime.timedelta(3))
    overdue = _signal(
        programme, maastricht, contact, first_contact_due=TODAY - datetime.timedelta(2)
    )
    response = contact_client.get(reverse("signals:list"))
    assert response.status_code == 200
    signals = response.context["signals"]
    assert [s.pk for s in signals] == [overdue.pk, later.pk]
    body = response.content.decode()
    assert "Te laat" in body  # not colour alone
    assert "1 signaal is te laat" in body
    assert "Priscilla" not in body  # no names in the list
    assert "De buurvrouw lijkt het zwaar" in body  # the first words say what it is about
    assert "Buurman of buurvrouw" in body  # who sent it
    assert "vandaag" in body  # and how old it is
    entry = AccessLogEntry.objects.filter(object_type="signal", action="list").get()
    assert str(overdue.pk) in entry.detail


def test_list_in_contact_is_not_overdue(contact_client, programme, maastricht, contact):
    _signal(
        programme,
        maastricht,
        contact,
        status="in_contact",
        first_contact_due=TODAY - datetime.timedelta(days=9),
    )
    body = contact_client.get(reverse("signals:list")).content.decode()
    assert "Te laat" not in body and "eerste contact gelegd" in body


def test_closed_tab(contact_client, programme, maastricht, contact):
    _signal(programme, maastricht, contact, status="referred", closed_on=TODAY)
    _signal(programme, maastricht, contact)
    assert len(contact_client.get(reverse("signals:list")).context["signals"]) == 1
    closed = contact_client.get(reverse("signals:list") + "?state=closed")
    assert len(closed.context["signals"]) == 1
    assert "afgesloten op" in closed.content.decode()


def test_other_municipality_contact_sees_an_empty_list(
    client, programme, maastricht, contact, other_contact
):
    _signal(programme, maastricht, contact)
    client.force_login(other_contact)
    response = client.get(reverse("signals:list"))
    assert response.context["signals"] == []
    assert "Er zijn geen open signalen" in response.content.decode()


def test_list_query_count_does_not_grow(
    contact_client, programme, maastricht, contact, django_assert_num_queries
):
    _signal(programme, maastricht, contact)
    contact_client.get(reverse("signals:list"))  # the session's first request saves it
    with django_assert_num_queries(9):
        contact_client.get(reverse("signals:list"))
    for _ in range(15):
        _signal(programme, maastricht, contact, first_contact_due=TODAY - datetime.timedelta(1))
    with django_assert_num_queries(9):
        response = contact_client.get(reverse("signals:list"))
    assert len(response.context["signals"]) == 16


def test_detail_query_count_does_not_grow_with_history(
    contact_client, programme, maastricht, contact, lead, django_assert_num_queries
):
    from droomplan.signals import services

    signal = _signal(programme, maastricht, contact, signaller_email="")
    services.change_status(actor=contact, signal=signal, to_status="in_contact", note="a")
    contact_client.get(reverse("signals:detail", args=[signal.pk]))  # the session's first
    with django_assert_num_queries(10):
        contact_client.get(reverse("signals:detail", args=[signal.pk]))
    services.change_status(actor=lead, signal=signal, to_status="intake_proposed", note="b")
    services.change_status(actor=contact, signal=signal, to_status="no_action", reason="c")
    with django_assert_num_queries(10):
        contact_client.get(reverse("signals:detail", args=[signal.pk]))


# --- Detail and triage -----------------------------------------------------------------------


def test_detail_shows_the_signal_and_logs_the_view(contact_client, signal):
    response = contact_client.get(reverse("signals:detail", args=[signal.pk]))
    body = response.content.decode()
    assert "Priscilla Zeldzaam" in body and "Akerstraat 12" in body
    assert reverse("signals:step", args=[signal.pk, "in_contact"]) in body
    assert reverse("signals:step", args=[signal.pk, "intake"]) not in body
    entry = AccessLogEntry.objects.filter(action="view", object_type="signal").get()
    assert entry.participant is None and entry.object_id == str(signal.pk)


def test_triage_to_intake_through_the_pages(
    contact_client, signal, maastricht, django_capture_on_commit_callbacks
):
    url = reverse("signals:step", args=[signal.pk, "in_contact"])
    assert contact_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = contact_client.post(url, {"note": "Gebeld met de buurman."})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    contact_client.post(reverse("signals:step", args=[signal.pk, "intake_proposed"]), {})
    url = reverse("signals:step", args=[signal.pk, "intake"])
    form_page = contact_client.get(url).content.decode()
    assert 'value="Priscilla"' in form_page and 'value="Zeldzaam"' in form_page  # prefilled
    data = {
        "given_name": "Priscilla",
        "family_name": "Zeldzaam",
        "birth_date": "2003-04-05",
        "municipality": maastricht.pk,
        "intake_date": TODAY.isoformat(),
        "note": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = contact_client.post(url, data)
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "intake"
    mother = Participant.objects.get(given_name="Priscilla")
    assert signal.participant == mother and mother.status == Status.INTAKE
    assert [m.subject for m in mail.outbox] == [
        "Uw melding is opgepakt",
        "Uw melding is afgesloten",
    ]
    assert "Priscilla" not in mail.outbox[1].body
    detail = contact_client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert mother.ref in detail
    assert "De melder heeft een bericht gekregen." in detail


def test_intake_errors_keep_the_input(contact_client, programme, maastricht, contact):
    signal = _signal(programme, maastricht, contact, status="intake_proposed")
    url = reverse("signals:step", args=[signal.pk, "intake"])
    response = contact_client.post(
        url,
        {
            "given_name": "Priscilla",
            "family_name": "",
            "birth_date": "2999-01-01",
            "municipality": maastricht.pk,
            "intake_date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Priscilla"' in body and "Er is nog niets opgeslagen" in body
    assert not Participant.objects.exists()


def test_referral_needs_an_organisation(contact_client, signal):
    url = reverse("signals:step", args=[signal.pk, "referred"])
    response = contact_client.post(url, {"referred_to": "", "note": "Notitie blijft staan"})
    assert response.status_code == 200
    assert "Notitie blijft staan" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == "received"
    response = contact_client.post(url, {"referred_to": "Veilig Thuis"})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "referred" and signal.closed_on == TODAY


def test_no_action_needs_a_reason(contact_client, signal):
    url = reverse("signals:step", args=[signal.pk, "no_action"])
    assert contact_client.post(url, {"reason": ""}).status_code == 200
    assert contact_client.post(url, {"reason": "Dubbele melding"}).status_code == 302


def test_an_impossible_step_redirects_with_a_message(contact_client, signal):
    response = contact_client.get(reverse("signals:step", args=[signal.pk, "intake"]))
    assert response.status_code == 302
    response = contact_client.get(reverse("signals:step", args=[signal.pk, "<script>"]))
    assert response.status_code == 302


def test_lead_chooses_a_coach_at_intake(client, lead, programme, maastricht, contact, coach):
    signal = _signal(programme, maastricht, contact, status="intake_proposed")
    client.force_login(lead)
    page = client.get(reverse("signals:step", args=[signal.pk, "intake"])).content.decode()
    assert 'name="coach"' in page
    client.force_login(contact)
    page = client.get(reverse("signals:step", args=[signal.pk, "intake"])).content.decode()
    assert 'name="coach"' not in page


# --- Phone signals and routes ----------------------------------------------------------------


PHONE = {
    "signaller_role": "gp",
    "concern": "Huisarts belt: jonge moeder met veel stress.",
    "mother_knows": "yes",
    "mother_name": "",
    "mother_contact": "",
    "signaller_name": "Dr. Peters",
    "signaller_phone": "043 1234567",
    "signaller_email": "",
}


def test_contact_registers_a_phone_signal(contact_client, maastricht, contact):
    page = contact_client.get(reverse("signals:phone"))
    assert page.status_code == 200
    response = contact_client.post(
        reverse("signals:phone"), {**PHONE, "municipality": maastricht.pk}
    )
    signal = Signal.objects.get()
    assert response["Location"] == reverse("signals:detail", args=[signal.pk])
    assert signal.channel == "phone" and signal.received_by == contact


def test_coach_registers_a_phone_signal_that_goes_to_the_contact(
    client, coach, maastricht, contact
):
    client.force_login(coach)
    response = client.post(reverse("signals:phone"), {**PHONE, "municipality": maastricht.pk})
    assert response["Location"] == reverse("core:home")
    signal = Signal.objects.get()
    assert signal.assigned_to == contact and signal.received_by == coach


def test_phone_signal_errors_keep_the_input(contact_client, maastricht):
    response = contact_client.post(reverse("signals:phone"), {**PHONE, "municipality": ""})
    assert response.status_code == 200
    assert "Huisarts belt" in response.content.decode()
    assert not Signal.objects.exists()


def test_routes_page_saves_a_contact(client, lead, programme, vaals, other_contact):
    SignalRoute.objects.all().delete()
    client.force_login(lead)
    page = client.get(reverse("signals:routes")).content.decode()
    assert "Vaals" in page and "Zonder contactpersoon" in page
    response = client.post(
        reverse("signals:routes"),
        {"programme": programme.pk, "municipality": vaals.pk, "contact": other_contact.pk},
    )
    assert response.status_code == 302
    assert SignalRoute.objects.get().contact == other_contact


def test_routes_page_refuses_a_non_contact(client, lead, programme, vaals, coach):
    client.force_login(lead)
    response = client.post(
        reverse("signals:routes"),
        {"programme": programme.pk, "municipality": vaals.pk, "contact": coach.pk},
    )
    assert response.status_code == 200
    assert not SignalRoute.objects.filter(municipality=vaals).exists()


# --- Case page, home, navigation -------------------------------------------------------------


def test_case_page_shows_the_signal_to_her_coach(client, coach, linked_signal):
    client.force_login(coach)
    overview = client.get(reverse("cases:detail", args=[linked_signal.participant.pk]))
    assert "Binnengekomen op" in overview.content.decode()  # its summary line
    response = client.get(reverse("cases:part", args=[linked_signal.participant.pk, "signal"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Signaal dat tot de intake leidde" in body
    assert "buurvrouw lijkt het zwaar" in body
    # The case page is one access-log entry, naming the signal it showed (issue 18).
    entry = AccessLogEntry.objects.filter(participant=linked_signal.participant, action="view")[0]
    assert "signal" in seen_parts(entry.object_type, entry.detail)
    assert f"signal {linked_signal.pk}: case page" in entry.detail


def test_case_page_without_a_signal_has_no_section(client, coach, programme):
    mother = ParticipantFactory(programme=programme, coach=coach)
    client.force_login(coach)
    body = client.get(reverse("cases:detail", args=[mother.pk])).content.decode()
    assert "Signaal dat tot de intake leidde" not in body


def test_home_of_the_municipal_contact(contact_client, programme, maastricht, contact):
    later = _signal(programme, maastricht, contact, first_contact_due=TODAY + datetime.timedelta(3))
    overdue = _signal(
        programme, maastricht, contact, first_contact_due=TODAY - datetime.timedelta(1)
    )
    body = contact_client.get(reverse("core:home")).content.decode()
    assert body.index(f"Signaal {overdue.pk} ·") < body.index(f"Signaal {later.pk} ·")
    assert "Te laat" in body
    assert "Er zijn geen signalen" not in body


def test_home_of_the_municipal_contact_without_signals(contact_client):
    body = contact_client.get(reverse("core:home")).content.decode()
    assert "Er zijn geen signalen" in body


def test_navigation(client, contact, lead, coach):
    client.force_login(contact)
    assert 'href="/signalen/"' in client.get(reverse("core:home")).content.decode()
    client.force_login(coach)
    assert 'href="/signalen/"' not in client.get(reverse("core:home")).content.decode()
    client.force_login(UserFactory(role=Role.ADMIN))
    assert 'href="/signalen/routering/"' in client.get(reverse("core:home")).content.decode()


def test_english_when_chosen(client, programme, contact):
    client.cookies["droomplan_language"] = "en"
    body = client.get("/melden/GM0935/").content.decode()
    assert "What have you noticed?" in body
    client.cookies["droomplan_language"] = "nl"
    assert "Wat is u opgevallen?" in client.get("/melden/GM0935/").content.decode()


def test_the_coach_does_not_see_who_signalled(client, coach, contact, linked_signal):
    client.force_login(coach)
    body = client.get(reverse("signals:detail", args=[linked_signal.pk])).content.decode()
    assert "lijkt het zwaar" in body
    assert "Bert Buur" not in body and "bert@example.org" not in body
    client.force_login(contact)
    body = client.get(reverse("signals:detail", args=[linked_signal.pk])).content.decode()
    assert "Bert Buur" in body


def test_list_pages_and_counts_every_overdue_signal(contact_client, programme, maastricht, contact):
    for _ in range(52):
        _signal(programme, maastricht, contact, first_contact_due=TODAY - datetime.timedelta(1))
    first = contact_client.get(reverse("signals:list"))
    assert len(first.context["signals"]) == 50
    body = first.content.decode()
    assert "52 signalen zijn te laat" in body and "52 open signalen" in body
    assert "Pagina 1 van 2" in body
    second = contact_client.get(reverse("signals:list") + "?page=2")
    assert len(second.context["signals"]) == 2


def test_coach_home_links_to_the_phone_form(client, coach):
    client.force_login(coach)
    assert reverse("signals:phone") in client.get(reverse("core:home")).content.decode()


def test_step_page_says_when_the_signaller_gets_a_mail(contact_client, signal, contact):
    from droomplan.signals import services

    notice = "De melder krijgt een e-mail over deze stap"
    url = reverse("signals:step", args=[signal.pk, "in_contact"])
    assert notice in contact_client.get(url).content.decode()
    services.change_status(actor=contact, signal=signal, to_status="in_contact")
    url = reverse("signals:step", args=[signal.pk, "intake_proposed"])
    assert notice not in contact_client.get(url).content.decode()
    url = reverse("signals:step", args=[signal.pk, "no_action"])
    assert notice in contact_client.get(url).content.decode()
