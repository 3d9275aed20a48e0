"""Demo consents (temporary; the exchange format may load these later): the credit bank sees
the finances of DM-0001..DM-0006 (one consent ends within 30 days, one was withdrawn), childcare
(MIK) sees the children and family stability of a few families."""

import datetime

from droomplan.cases.models import Participant
from droomplan.core.domains import LifeDomain

from .models import Consent, ConsentMethod

ORDER = 50

CREDIT_BANK = [
    # ref, given days ago, expires in days (None = no end), withdrawn days ago
    ("DM-0001", 120, 245, None),
    ("DM-0002", 200, 165, None),
    ("DM-0003", 340, 20, None),  # ends within 30 days
    ("DM-0004", 90, 275, None),
    ("DM-0005", 150, 215, 10),  # withdrawn
    ("DM-0006", 60, 305, None),
]
CHILDCARE = [("DM-0001", 100, 265), ("DM-0003", 80, 285), ("DM-0007", 45, 320)]


def load(context) -> dict[str, int]:
    today: datetime.date = context["today"]
    programme = context["programme"]
    orgs = context["organisations"]
    coach = context["users"].get("coach.trajekt")
    participants = {
        p.ref: p
        for p in Participant.objects.filter(
            programme=programme,
            ref__in=[r for r, *_ in CREDIT_BANK] + [r for r, *_ in CHILDCARE],
        )
    }
    added = 0

    def add(ref, organisation, scopes, given, expires, withdrawn=None):
        nonlocal added
        participant = participants.get(ref)
        if participant is None:
            return
        if Consent.objects.filter(participant=participant, organisation=organisation).exists():
            return
        current = participant.coach_assignments.filter(ended_on__isnull=True).first()
        witness = current.coach if current else coach
        Consent.objects.create(
            participant=participant,
            organisation=organisation,
            scopes=scopes,
            given_on=today - datetime.timedelta(days=given),
            expires_on=today + datetime.timedelta(days=expires) if expires is not None else None,
            method=ConsentMethod.VERBAL,
            witness=witness,
            recorded_by=witness,
            withdrawn_on=today - datetime.timedelta(days=withdrawn) if withdrawn else None,
            withdrawn_by=witness if withdrawn else None,
            withdrawal_reason="Wil de schuldhulp zelf afronden." if withdrawn else "",
        )
        added += 1

    for ref, given, expires, withdrawn in CREDIT_BANK:
        add(ref, orgs["kredietbank"], [LifeDomain.FINANCES.value], given, expires, withdrawn)
    for ref, given, expires in CHILDCARE:
        add(
            ref,
            orgs["mik"],
            [LifeDomain.FAMILY_STABILITY.value, LifeDomain.CHILDREN.value],
            given,
            expires,
        )
    # The coach shares her latest note with the credit bank, so it has something to read.
    for ref, _given, _expires, withdrawn in CREDIT_BANK:
        participant = participants.get(ref)
        if participant is None or withdrawn:
            continue
        latest = participant.contacts.order_by("-date", "-pk").first()
        if latest is not None:
            latest.shared_with.add(orgs["kredietbank"])
    return {"consents": added}
