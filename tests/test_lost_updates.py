"""No lost updates, no duplicates (issue 13, item 7), through the pages, with two sessions.

- A stale edit form (a debt, a goal, an action, a contact moment, her details) is refused with
  the values saved in the meantime; what she typed stays in the form; saving again then
  deliberately replaces the newer values.
- A create form sent twice (double click, back button, retry) creates one record."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.models import Contact, Participant
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory
from droomplan.instruments.models import Measurement
from droomplan.lifedomains.models import Debt, HousingStatus
from droomplan.lifedomains.tests.factories import DebtFactory
from droomplan.plans.models import Action, Dream, Goal
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(db):
    return UserFactory(role=Role.COACH, username="coach-stale")


@pytest.fixture
def mother(coach):
    return ParticipantFactory(active=True, coach=coach, family_name="Jansen", phone="0611111111")


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(form: forms.BaseForm) -> dict:
    """What a browser sends for this form as it is shown (bound or not)."""
    data = {}
    for field in form:
        widget = field.field.widget
        value = field.field.prepare_value(field.value())
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif getattr(widget, "allow_multiple_selected", False):
            data[field.html_name] = [str(v) for v in value or []]
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = "" if value is None else str(value)
    return data


def open_form(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


# Per page: the URL, a field the other session changes (to what, as shown on the page) and
# a field this session changes.
def _details(mother, coach):
    return (
        reverse("cases:edit", args=[mother.pk]),
        ("family_name", "Bakker", "Bakker"),
        ("phone", "0622222222"),
        lambda: Participant.objects.get(pk=mother.pk).family_name,
    )


def _contact(mother, coach):
    contact = ContactFactory(participant=mother, author=coach, note="Huisbezoek")
    return (
        reverse("cases:contact_edit", args=[mother.pk, contact.pk]),
        ("duration_minutes", "90", "90"),
        ("note", "Huisbezoek, met de Kredietbank erbij"),
        lambda: Contact.objects.get(pk=contact.pk).duration_minutes,
    )


def _goal(mother, coach):
    goal = GoalFactory(participant=mother, target_date=datetime.date.today())
    return (
        reverse("plans:goal_edit", args=[mother.pk, goal.pk]),
        ("title", "Alle schulden in beeld bij de Kredietbank", "Alle schulden in beeld"),
        ("domain", "well_being"),
        lambda: Goal.objects.get(pk=goal.pk).title,
    )


def _action(mother, coach):
    action = ActionFactory(goal__participant=mother, due_date=datetime.date.today())
    return (
        reverse("plans:action_edit", args=[mother.pk, action.pk]),
        ("description", "Brieven sorteren met de coach", "Brieven sorteren met de coach"),
        ("owner", "coach"),
        lambda: Action.objects.get(pk=action.pk).description,
    )


def _debt(mother, coach):
    debt = DebtFactory(participant=mother, creditor="CZ", amount=Decimal("850.00"))
    return (
        reverse("lifedomains:debt_edit", args=[mother.pk, debt.pk]),
        ("amount", "1250", "1.250,00"),
        ("note", "Dossiernummer 4411"),
        lambda: Debt.objects.get(pk=debt.pk).amount,
    )


PAGES = {
    "details": _details,
    "contact": _contact,
    "goal": _goal,
    "action": _action,
    "debt": _debt,
}


@pytest.mark.parametrize("page", PAGES)
def test_a_stale_form_is_refused_and_shows_the_newer_values(page, mother, coach):
    url, (their_field, their_value, shown), (my_field, my_value), saved = PAGES[page](mother, coach)
    laptop, phone = session(coach), session(coach)  # two sessions: the same coach twice
    mine = open_form(laptop, url)
    theirs = open_form(phone, url)
    assert mine["version"] == theirs["version"] == "1"

    theirs[their_field] = their_value
    assert phone.post(url, theirs).status_code == 302
    after_theirs = saved()

    mine[my_field] = my_value
    response = laptop.post(url, mine)
    assert response.status_code == 200  # refused: the form again
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert shown in body  # the newer value, saved by the other session
    assert my_value in body  # what she typed is still in the form
    assert saved() == after_theirs  # nothing of hers was saved over it
    again = form_data(response.context["form"])
    assert again["version"] == "2" and again[my_field] == my_value

    assert laptop.post(url, again).status_code == 302  # saving again is her choice
    assert saved() != after_theirs or their_field == my_field


def test_the_same_form_opened_by_two_people(mother, coach):
    """The coach and the programme lead edit her details at the same time."""
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    url = reverse("cases:edit", args=[mother.pk])
    coach_session, lead_session = session(coach), session(lead)
    by_coach, by_lead = open_form(coach_session, url), open_form(lead_session, url)
    by_lead["address"] = "Boschstraat 1"
    assert lead_session.post(url, by_lead).status_code == 302
    by_coach["address"] = "Akerstraat 9"
    response = coach_session.post(url, by_coach)
    assert response.status_code == 200
    assert "Boschstraat 1" in response.content.decode()
    assert Participant.objects.get(pk=mother.pk).address == "Boschstraat 1"


def test_a_form_without_its_version_value_is_refused_with_a_message(mother, coach):
    client = session(coach)
    url = reverse("cases:edit", args=[mother.pk])
    data = open_form(client, url)
    data["version"] = "abc"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Dit formulier is verouderd" in response.content.decode()


# --- double submissions --------------------------------------------------------------------


def _create_pages(mother):
    goal = GoalFactory(participant=mother)
    return {
        "contact": (
            reverse("cases:contact_add", args=[mother.pk]),
            {"note": "Telefoontje", "duration_minutes": "10", "kind": "phone"},
            lambda: Contact.objects.filter(participant=mother).count(),
        ),
        "dream": (
            reverse("plans:dream_create", args=[mother.pk]),
            {"text": "Een eigen huis"},
            lambda: Dream.objects.filter(participant=mother).count(),
        ),
        "goal": (
            reverse("plans:goal_create", args=[mother.pk]),
            {
                "title": "Rijbewijs halen",
                "domain": "employment",
                "belongs_to": f"dream:{goal.dream_id}",
                "target_date": datetime.date.today().isoformat(),
            },
            lambda: Goal.objects.filter(participant=mother).count(),
        ),
        "action": (
            reverse("plans:action_create", args=[mother.pk, goal.pk]),
            {"description": "Theorieboek lenen", "owner": "mother"},
            lambda: Action.objects.filter(goal=goal).count(),
        ),
        "debt": (
            reverse("lifedomains:debt_create", args=[mother.pk]),
            {
                "creditor": "Energieleverancier",
                "amount": "312,50",
                "registered_on": datetime.date.today().isoformat(),
                "route": "inventory",
            },
            lambda: Debt.objects.filter(participant=mother).count(),
        ),
        "measurement": (
            reverse("instruments:create", args=[mother.pk, "participatieladder"]),
            {"taken_on": datetime.date.today().isoformat(), "item_rung": "3"},
            lambda: Measurement.objects.filter(participant=mother).count(),
        ),
        "housing": (
            reverse("lifedomains:housing_create", args=[mother.pk]),
            {"date": datetime.date.today().isoformat(), "adequate": "yes"},
            lambda: HousingStatus.objects.filter(participant=mother).count(),
        ),
    }


@pytest.mark.parametrize(
    "page", ["contact", "dream", "goal", "action", "debt", "housing", "measurement"]
)
def test_a_create_form_sent_twice_creates_one_record(page, mother, coach):
    url, values, count = _create_pages(mother)[page]
    client = session(coach)
    data = {**open_form(client, url), **values}
    assert data["form_token"]
    before = count()
    first = client.post(url, data)
    assert first.status_code == 302, first.context["form"].errors
    second = client.post(url, data)  # the same form once more (double click, back button)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]  # to what the first one created
    assert count() == before + 1
    # A fresh form is a new record.
    fresh = {**open_form(client, url), **values}
    assert fresh["form_token"] != data["form_token"]
    if page == "measurement":  # one measurement of an instrument per day
        fresh["taken_on"] = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    third = client.post(url, fresh)
    assert third.status_code == 302, third.context["form"].errors
    assert count() == before + 2


def test_the_intake_form_sent_twice_registers_her_once(coach, mother):
    client = session(coach)
    url = reverse("cases:intake")
    data = open_form(client, url)
    data.update(
        {
            "programme": str(mother.programme_id),
            "given_name": "Samira",
            "family_name": "Dubbel",
            "birth_date": "2003-04-01",
            "municipality": str(mother.municipality_id),
            "single_parent": "on",
            "intake_date": datetime.date.today().isoformat(),
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
            "children-MIN_NUM_FORMS": "0",
            "children-MAX_NUM_FORMS": "1000",
        }
    )
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Participant.objects.filter(family_name="Dubbel").count() == 1


def test_a_refused_create_form_can_be_corrected_and_sent_with_the_same_token(mother, coach):
    """The token is only used up when something was saved."""
    client = session(coach)
    url = reverse("lifedomains:debt_create", args=[mother.pk])
    data = open_form(client, url)
    data.update({"creditor": "CZ", "amount": "-5", "registered_on": "2025-03-01"})
    response = client.post(url, data)
    assert response.status_code == 200
    data["amount"] = "55"
    assert client.post(url, data).status_code == 302
    assert Debt.objects.filter(participant=mother, creditor="CZ").count() == 1


# --- the mechanism itself, also when two requests arrive at the same moment ------------------


def test_claim_version_moves_on_once_per_version(mother):
    from droomplan.core.concurrency import EditConflict, claim_version

    debt = DebtFactory(participant=mother)
    stale = Debt.objects.get(pk=debt.pk)
    claim_version(debt, 1)
    assert debt.version == 2 and Debt.objects.get(pk=debt.pk).version == 2
    with pytest.raises(EditConflict) as info:
        claim_version(stale, 1)
    assert info.value.current.version == 2
    with pytest.raises(EditConflict):
        claim_version(stale)  # None: the version it was loaded with (1), also stale
    claim_version(debt)
    assert Debt.objects.get(pk=debt.pk).version == 3


def test_a_service_call_from_an_old_copy_is_refused(mother, coach):
    """Not only forms: any service given an out-of-date copy of a record refuses it."""
    from droomplan.core.concurrency import EditConflict
    from droomplan.plans import services

    goal = GoalFactory(participant=mother)
    old_copy = Goal.objects.get(pk=goal.pk)
    kwargs = {"domain": goal.domain, "dream": goal.dream, "target_date": goal.target_date}
    services.update_goal(actor=coach, goal=goal, title="Nieuw", **kwargs)
    with pytest.raises(EditConflict):
        services.update_goal(actor=coach, goal=old_copy, title="Oud", **kwargs)
    assert Goal.objects.get(pk=goal.pk).title == "Nieuw"


def test_submit_once_frees_the_token_when_the_service_refuses(db):
    from django.core.exceptions import ValidationError

    from droomplan.core.models import FormSubmission
    from droomplan.core.services import AlreadySubmitted, submit_once

    def refuse():
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        submit_once(token="t" * 32, save=refuse)
    assert not FormSubmission.objects.exists()
    user = UserFactory()
    assert submit_once(token="t" * 32, save=lambda: user) == user
    with pytest.raises(AlreadySubmitted) as info:
        submit_once(token="t" * 32, save=refuse)
    assert info.value.result == user


def test_old_tokens_are_forgotten(db):
    from droomplan.core.models import FormSubmission
    from droomplan.core.services import SUBMISSION_DAYS, submit_once

    old = FormSubmission.objects.create(
        token="o" * 32,
        created_at=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(days=SUBMISSION_DAYS + 1),
    )
    submit_once(token="n" * 32, save=lambda: None)
    assert not FormSubmission.objects.filter(pk=old.pk).exists()


def _at_the_same_moment(work, n=2) -> list:
    """Run `work()` in `n` threads released together; each thread has its own connection."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    barrier = threading.Barrier(n)

    def run(_):
        try:
            barrier.wait()
            return work()
        except Exception as exc:  # noqa: BLE001 (returned to the test to look at)
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def _needs_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite has one writer")


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_create_one_record():
    _needs_postgresql()
    import time

    from droomplan.core.services import AlreadySubmitted, submit_once

    mother = ParticipantFactory()

    def submit():
        def save():
            time.sleep(0.3)  # the other request arrives while this one is still saving
            return Dream.objects.create(participant=mother, text="Een eigen huis")

        try:
            return submit_once(token="s" * 32, save=save)
        except AlreadySubmitted as done:
            return done.result

    first, second = _at_the_same_moment(submit)
    assert Dream.objects.filter(participant=mother).count() == 1
    assert first == second


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_at_the_same_moment_let_one_win():
    _needs_postgresql()
    import time

    from droomplan.core.concurrency import EditConflict
    from droomplan.lifedomains import services

    debt = DebtFactory(amount=Decimal("100.00"))
    user = UserFactory()

    def save():
        copy = Debt.objects.get(pk=debt.pk)
        time.sleep(0.1)
        return services.update_debt(
            actor=user,
            debt=copy,
            creditor=copy.creditor,
            amount=Decimal("200.00"),
            registered_on=copy.registered_on,
            version=1,
        )

    results = _at_the_same_moment(save)
    assert sorted(type(r).__name__ for r in results) == ["Debt", "EditConflict"]
    assert isinstance([r for r in results if not isinstance(r, Debt)][0], EditConflict)
    assert Debt.objects.get(pk=debt.pk).version == 2
