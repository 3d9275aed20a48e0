"""notify: who is told, and never about a family she may not see."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.attention.kinds import Delivery, Kind
from droomplan.attention.models import Mail, Notification, NotificationPreference
from droomplan.attention.services import notify, notify_portal_activity
from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain
from droomplan.jobs.models import Job
from droomplan.jobs.testing import run_ready_tasks


def test_the_coach_of_the_family_is_told_others_are_not(mother, coach, other_coach, users_by_role):
    everyone = [coach, other_coach, *users_by_role.values()]
    told = notify(kind=Kind.HANDOVER, recipients=everyone, participant=mother)
    # the programme lead sees every family; nobody else but her own coach
    assert {n.recipient for n in told} == {coach, users_by_role[Role.PROGRAMME_LEAD]}


def test_a_partner_is_told_only_within_her_consent(mother):
    bank = OrganisationFactory(code="kredietbank")
    partner = UserFactory(role=Role.PARTNER, role__organisation=bank)
    assert notify(kind=Kind.ACTION_ASSIGNED, recipients=[partner], participant=mother) == []
    ConsentFactory(participant=mother, organisation=bank, scopes=[LifeDomain.FINANCES])
    mother = Participant.objects.get(pk=mother.pk)  # policy caches consents per object
    assert (
        notify(
            kind=Kind.ACTION_ASSIGNED,
            recipients=[partner],
            participant=mother,
            domain=LifeDomain.EDUCATION,
        )
        == []
    )
    told = notify(
        kind=Kind.ACTION_ASSIGNED,
        recipients=[partner],
        participant=mother,
        domain=LifeDomain.FINANCES,
    )
    assert [n.recipient for n in told] == [partner]


def test_the_actor_is_not_told_about_her_own_work(mother, coach):
    assert notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother, actor=coach) == []


def test_an_inactive_user_is_not_told(mother, coach):
    coach.is_active = False
    coach.save()
    assert notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother) == []


def test_a_dedupe_key_tells_each_person_once(mother, coach):
    first = notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother, dedupe_key="k1")
    again = notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother, dedupe_key="k1")
    assert len(first) == 1 and again == []
    assert Notification.objects.count() == 1


def test_names_and_case_data_are_not_stored_in_the_notification(mother, coach):
    (n,) = notify(
        kind=Kind.CONSENT_EXPIRING,
        recipients=[coach],
        participant=mother,
        params={"organisation": "Kredietbank", "date": datetime.date(2025, 5, 1)},
    )
    n.refresh_from_db()
    assert n.params == {"organisation": "Kredietbank", "date": "2025-05-01"}
    assert "Vink" not in str(n.params) and "Lotte" not in str(n.params)


def test_the_kinds_default_delivery_and_her_choice(mother, coach):
    (n,) = notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    assert n.delivery == Delivery.DIGEST  # the default of this kind: no mail now
    assert not Mail.objects.exists()

    NotificationPreference.objects.create(user=coach, kind=Kind.HANDOVER, delivery="immediate")
    (n,) = notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    assert n.delivery == Delivery.IMMEDIATE and n.mail is not None

    NotificationPreference.objects.filter(user=coach).update(delivery="off")
    (n,) = notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    assert n.delivery == Delivery.OFF  # still in her list, never e-mailed


def test_without_an_e_mail_address_there_is_no_e_mail(mother, coach):
    coach.email = ""
    coach.save()
    NotificationPreference.objects.create(user=coach, kind=Kind.HANDOVER, delivery="immediate")
    (n,) = notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    assert n.delivery == Delivery.OFF
    assert not Mail.objects.exists()


def test_an_immediate_e_mail_is_sent_by_a_job_and_says_nothing_about_the_family(mother, coach):
    NotificationPreference.objects.create(user=coach, kind=Kind.HANDOVER, delivery="immediate")
    notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    assert mail.outbox == []  # not in the request: a job sends it
    run_ready_tasks()
    (message,) = mail.outbox
    assert message.to == [coach.email]
    assert message.subject == "Nieuw in Droomplan"
    assert "Er staat 1 nieuw ding voor u klaar in Droomplan." in message.body
    assert "https://droomplan.example.nl/meldingen/" in message.body
    assert "Vink" not in message.body and "Lotte" not in message.body
    assert mother.ref not in message.body
    assert Mail.objects.get().sent_at is not None


def test_an_unknown_kind_is_a_programming_error(coach):
    with pytest.raises(ValueError):
        notify(kind="nonsense", recipients=[coach])


def test_portal_activity_tells_her_coach(mother, coach):
    (n,) = notify_portal_activity(participant=mother, activity="action_done")
    assert n.recipient == coach and n.kind == Kind.PORTAL_ACTIVITY
    assert n.url == reverse("cases:detail", args=[mother.pk])
    with pytest.raises(ValueError):
        notify_portal_activity(participant=mother, activity="hacked")


def test_a_mother_is_told_about_her_own_file(mother):
    login = UserFactory(role=Role.PARTICIPANT)
    mother.user = login
    mother.save()
    told = notify(kind=Kind.MEETING_INVITATION, recipients=[login], participant=mother)
    assert [n.recipient for n in told] == [login]
    run_ready_tasks()  # immediate by default for the mother
    assert "Er staat 1 nieuw bericht voor je klaar in Droomplan." in mail.outbox[0].body


def test_nothing_is_queued_twice_for_one_mail(mother, coach):
    NotificationPreference.objects.create(user=coach, kind=Kind.HANDOVER, delivery="immediate")
    notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    assert Job.objects.filter(name="attention.send_mail").count() == 1
