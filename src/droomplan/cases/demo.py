"""Demo case-file details the exchange format does not carry: contact details and the
children's childcare and school, contact moments of the coach, and the demo mother's login
(Lisa Jacobs, DM-0001)."""

import datetime
import random

from django.utils import timezone

from droomplan.core.demo import register

from . import services as case_services
from .models import Contact, ContactKind, Participant

CONTACT_NOTES = [
    (ContactKind.HOME_VISIT, 75, "Huisbezoek. Samen de post doorgenomen; twee nieuwe aanmaningen."),
    (ContactKind.ONE_ON_ONE, 60, "Droom besproken en vertaald naar drie haalbare doelen."),
    (ContactKind.PHONE, 15, "Ze belde omdat de opvang voor haar zoon niet doorging. Opgelost."),
    (ContactKind.MESSAGE, 5, "Herinnering gestuurd voor de afspraak bij de Kredietbank."),
    (ContactKind.WITH_PARTNER, 90, "Gesprek met de Kredietbank: alle schulden in beeld."),
    (ContactKind.GROUP, 120, "Groepsbijeenkomst over budgetteren; zij deelde haar ervaring."),
    (ContactKind.ONE_ON_ONE, 45, "Terugblik op de stage. Gaat goed, wil meer uren."),
]


@register(order=45)
def load(context) -> dict[str, int]:
    lead, today = context["users"]["projectleider"], context["today"]
    extras = context["family_extras"]
    for participant in context["families"]:
        _details(participant, extras[participant.ref])
        if participant.start_date is None or participant.contacts.exists():
            continue
        rng = random.Random(f"{participant.ref} contacts")  # noqa: S311 (demo data)
        _demo_contacts(
            rng, participant, participant.current_coach() or lead, participant.start_date, today
        )
    # The demo mother's login belongs to the first family (Lisa Jacobs, DM-0001).
    mother = context["users"].get("moeder")
    if mother is not None:
        Participant.objects.filter(
            programme=context["programme"], ref="DM-0001", user__isnull=True
        ).update(user=mother)
    return {}


def _details(participant, extra: dict) -> None:
    """Contact details and the children's childcare and school (not in the format)."""
    changed = [f for f in ("phone", "email", "address") if not getattr(participant, f)]
    for name in changed:
        setattr(participant, name, extra[name])
    if changed:
        participant.save(update_fields=[*changed, "updated_at"])
    for child in participant.children.all():
        places = extra["children"].get(child.given_name)
        if places and not (child.childcare or child.school):
            child.childcare, child.school = places["childcare"], places["school"]
            child.save(update_fields=["childcare", "school"])


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 30)))


def _demo_contacts(rng, participant, coach, start, today):
    day = start
    for kind, minutes, note in CONTACT_NOTES:
        day = day + datetime.timedelta(days=rng.randint(10, 40))
        if day > today:
            break
        contact = case_services.log_contact(
            actor=coach,
            participant=participant,
            date=day,
            kind=kind,
            duration_minutes=minutes,
            note=note,
        )
        # Written on the day itself, so the 24-hour edit window has long passed.
        Contact.objects.filter(pk=contact.pk).update(created_at=_at(day))
