"""Demo signals for Maastricht: the demo login `gemeente` is the contact person for GM0935.
One new, one overdue, one in contact, one referred elsewhere and one that led to the intake of
a demo family in intake in Maastricht (one of DM-0021..DM-0023)."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from droomplan.cases.models import Participant, Status
from droomplan.core.demo import register
from droomplan.core.workdays import add_working_days
from droomplan.programmes.models import Municipality

from .models import (
    Channel,
    MotherKnows,
    Signal,
    SignallerRole,
    SignalRoute,
    SignalStatus,
    SignalStatusChange,
)

DEMO_SIGNALS = [
    # (days ago, role, channel, concern, mother name, how to reach, knows, email, steps)
    (
        1,
        SignallerRole.TEACHER,
        Channel.WEB,
        "Een oud-leerling (19) komt met haar dochtertje van 2 langs op school. Ze vertelt dat "
        "ze haar opleiding heeft moeten stoppen en dat het geld niet meer rondkomt.",
        "Kelly",
        "Via school: zij komt elke dinsdag de jongste van haar zus ophalen.",
        MotherKnows.YES,
        "mentor@school.example",
        [],
    ),
    (
        12,
        SignallerRole.NEIGHBOUR,
        Channel.WEB,
        "Mijn buurvrouw woont alleen met een baby en een peuter. Ik hoor de kinderen vaak "
        "huilen en ze zegt dat ze het niet meer volhoudt. De brievenbus puilt uit.",
        "",
        "Brusselseweg, de benedenwoning naast nummer 20.",
        MotherKnows.NO,
        "",
        [],
    ),
    (
        6,
        SignallerRole.GP,
        Channel.PHONE,
        "Jonge moeder (22) kwam op het spreekuur met stressklachten. Ze heeft schulden en "
        "durft de post niet meer open te maken. Ze staat open voor hulp.",
        "Naima B.",
        "06 11223344 (met haar toestemming doorgegeven)",
        MotherKnows.YES,
        "",
        [(SignalStatus.IN_CONTACT, {"note": "Gebeld, afspraak gemaakt voor kennismaking."})],
    ),
    (
        40,
        SignallerRole.FAMILY,
        Channel.WEB,
        "Mijn nichtje heeft een kind van 1 en zit veel alleen thuis.",
        "",
        "",
        MotherKnows.UNKNOWN,
        "tante@example.org",
        [
            (SignalStatus.IN_CONTACT, {"note": "Contact met de melder gehad."}),
            (
                SignalStatus.REFERRED,
                {"referred_to": "Sociaal team Maastricht-Zuidwest", "note": "Woont in Heer."},
            ),
        ],
    ),
]


def _set_created(qs: QuerySet, when: datetime.datetime) -> None:
    # The status history is append-only for the application; the demo back-dates it.
    QuerySet.update(qs, created_at=when)


def _history(signal, steps, actor, start: datetime.datetime) -> None:
    status = SignalStatus.RECEIVED
    for n, (to_status, extra) in enumerate(steps, start=1):
        change = SignalStatusChange.objects.create(
            signal=signal,
            from_status=status,
            to_status=to_status,
            changed_by=actor,
            feedback_sent=bool(signal.signaller_email),
            **extra,
        )
        _set_created(
            SignalStatusChange.objects.filter(pk=change.pk), start + n * datetime.timedelta(days=2)
        )
        status = to_status
    signal.status = status
    if status in {SignalStatus.INTAKE, SignalStatus.REFERRED, SignalStatus.NO_ACTION}:
        signal.closed_on = (start + len(steps) * datetime.timedelta(days=2)).date()
    signal.save(update_fields=["status", "closed_on"])


@register(order=60)
def load(context) -> dict[str, int]:
    programme = context["programme"]
    maastricht = Municipality.objects.filter(cbs_code="GM0935").first()
    contact = context["users"].get("gemeente")
    if maastricht is None or contact is None:
        return {}
    SignalRoute.objects.update_or_create(
        programme=programme, municipality=maastricht, defaults={"contact": contact}
    )
    if Signal.objects.filter(programme=programme).exists():
        return {"signals added": 0}
    now = timezone.now()
    lead = context["users"].get("projectleider")
    added = 0
    rows = list(DEMO_SIGNALS)
    intake_mother = (
        Participant.objects.filter(
            programme=programme,
            ref__in=["DM-0021", "DM-0022", "DM-0023"],
            municipality=maastricht,
            status=Status.INTAKE,
        )
        .order_by("ref")
        .first()
    )
    if intake_mother is not None:
        rows.append(
            (
                30,
                SignallerRole.PARTNER,
                Channel.PHONE,
                "Consultatiebureau: jonge moeder met twee kinderen, net verhuisd, geen netwerk. "
                "Wil graag weer naar school.",
                intake_mother.full_name,
                "Via het consultatiebureau.",
                MotherKnows.YES,
                "",
                [
                    (
                        SignalStatus.IN_CONTACT,
                        {"note": "Huisbezoek samen met het consultatiebureau."},
                    ),
                    (SignalStatus.INTAKE_PROPOSED, {}),
                    (SignalStatus.INTAKE, {}),
                ],
            )
        )
    for days_ago, role, channel, concern, name, reach, knows, email, steps in rows:
        created = now - datetime.timedelta(days=days_ago)
        signal = Signal.objects.create(
            programme=programme,
            municipality=maastricht,
            signaller_role=role,
            concern=concern,
            mother_name=name,
            mother_contact=reach,
            mother_knows=knows,
            signaller_email=email,
            channel=channel,
            received_by=contact if channel == Channel.PHONE else None,
            assigned_to=contact,
            first_contact_due=add_working_days(
                timezone.localtime(created).date(), programme.signal_first_contact_days
            ),
            participant=intake_mother if steps and steps[-1][0] == SignalStatus.INTAKE else None,
        )
        _set_created(Signal.objects.filter(pk=signal.pk), created)
        first = SignalStatusChange.objects.create(
            signal=signal, to_status=SignalStatus.RECEIVED, changed_by=signal.received_by
        )
        _set_created(SignalStatusChange.objects.filter(pk=first.pk), created)
        _history(
            signal,
            steps,
            lead if steps and steps[-1][0] == SignalStatus.INTAKE else contact,
            created,
        )
        added += 1
    return {"signals added": added}
