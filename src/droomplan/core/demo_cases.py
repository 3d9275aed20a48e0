"""Demo families: two groups of ten mothers plus a few in intake, with plans and contacts
that read like real work. Deterministic, so every demo shows the same programme.

The families and their facts (children, debts, housing, education, work, consents,
measurements) are an exchange document (`exchange.demo_document`) loaded with the exchange
importer; this module adds what the format does not carry."""

import datetime
import json
import random
import tempfile
from pathlib import Path

from django.utils import timezone

from droomplan.access.models import Consent
from droomplan.accounts.models import Organisation, User
from droomplan.cases import services as case_services
from droomplan.cases.models import Contact, ContactKind, Participant
from droomplan.core.domains import LifeDomain
from droomplan.exchange import demo_document
from droomplan.exchange.selectors import anonymised_refs
from droomplan.exchange.services import import_file
from droomplan.lifedomains.models import DebtRoute, DebtRouteChange
from droomplan.plans.models import Action, ActionOwner, Dream, Goal, GoalStatus
from droomplan.programmes.models import Municipality, Programme

DREAMS = [
    "Ik wil een eigen plek voor mij en mijn kinderen, waar we rust hebben.",
    "Ik wil mijn diploma halen en in de zorg werken, zodat mijn zoon trots op me is.",
    "Ik wil geen schulden meer en zelf mijn geld kunnen regelen.",
    "Ik wil een baan waar ik van kan leven en tijd hebben voor mijn dochter.",
    "Ik wil me weer sterk voelen en mensen om me heen hebben op wie ik kan bouwen.",
]
GOALS = [
    (LifeDomain.FINANCES, "Overzicht van alle schulden en een plan met de Kredietbank"),
    (LifeDomain.FAMILY_STABILITY, "Een eigen woning met een huurcontract op haar naam"),
    (LifeDomain.EDUCATION, "Starten met de mbo-2 opleiding Helpende Zorg en Welzijn"),
    (LifeDomain.EMPLOYMENT, "Een stageplek vinden bij een partnerorganisatie"),
    (LifeDomain.WELL_BEING, "Minder stress: elke week iets voor zichzelf doen"),
]
ACTIONS = {
    LifeDomain.FINANCES: [
        ("Alle brieven van schuldeisers in één map verzamelen", ActionOwner.MOTHER, None),
        ("Aanmelding bij de Kredietbank voor schuldhulp", ActionOwner.COACH, None),
        ("Saneringskrediet beoordelen", ActionOwner.PARTNER, "kredietbank"),
    ],
    LifeDomain.FAMILY_STABILITY: [
        ("Inschrijven bij Woningstichting Servatius", ActionOwner.MOTHER, None),
        ("Urgentieverklaring aanvragen met de gemeente", ActionOwner.COACH, None),
    ],
    LifeDomain.EDUCATION: [
        ("Open dag Vista college bezoeken", ActionOwner.MOTHER, None),
        ("Kinderopvang regelen voor de lesdagen", ActionOwner.PARTNER, "mik"),
    ],
    LifeDomain.EMPLOYMENT: [
        ("Cv maken samen met de coach", ActionOwner.COACH, None),
        ("Kennismaken bij MIK voor een stageplek", ActionOwner.MOTHER, None),
    ],
    LifeDomain.WELL_BEING: [
        ("Aanmelden voor de wandelgroep op dinsdag", ActionOwner.MOTHER, None),
        ("Gesprek met de huisarts over slaapproblemen", ActionOwner.MOTHER, None),
    ],
}
CONTACT_NOTES = [
    (ContactKind.HOME_VISIT, 75, "Huisbezoek. Samen de post doorgenomen; twee nieuwe aanmaningen."),
    (ContactKind.ONE_ON_ONE, 60, "Droom besproken en vertaald naar drie haalbare doelen."),
    (ContactKind.PHONE, 15, "Ze belde omdat de opvang voor haar zoon niet doorging. Opgelost."),
    (ContactKind.MESSAGE, 5, "Herinnering gestuurd voor de afspraak bij de Kredietbank."),
    (ContactKind.WITH_PARTNER, 90, "Gesprek met de Kredietbank: alle schulden in beeld."),
    (ContactKind.GROUP, 120, "Groepsbijeenkomst over budgetteren; zij deelde haar ervaring."),
    (ContactKind.ONE_ON_ONE, 45, "Terugblik op de stage. Gaat goed, wil meer uren."),
]


def load_demo_cases(*, lead: User, coaches: list[User], today: datetime.date) -> dict[str, int]:
    """Load the demo families through the exchange format, then add what the format does not
    carry: phone, e-mail and address, childcare and school of the children, the debts' routes,
    plans and contacts. Returns how many families were added and how many facts the exchange
    document holds. Loading again changes nothing
    (the import matches on case number; plans and contacts are only added once)."""
    from .demo import COHORTS, ORGANISATIONS

    programme = Programme.objects.get(code="droommoeders")
    existing = set(Participant.objects.filter(programme=programme).values_list("ref", flat=True))
    document, extras = demo_document.build(
        today=today,
        organisations=ORGANISATIONS,
        cohorts=COHORTS,
        municipalities=list(Municipality.objects.values_list("cbs_code", flat=True)),
    )
    # Anonymisation is final: a demo family whose file was anonymised (apply_retention) is
    # left out, so loading again never brings her name or details back.
    closed = anonymised_refs(programme.code, set(extras))
    document["participants"] = [p for p in document["participants"] if p["ref"] not in closed]
    extras = {ref: extra for ref, extra in extras.items() if ref not in closed}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        result = import_file(path, actor=lead, today=today)
    orgs = {o.code: o for o in Organisation.objects.all()}
    coach_by_email = {c.email.lower(): c for c in coaches}
    families = (
        Participant.objects.filter(programme=programme, ref__in=list(extras))
        .prefetch_related("children", "debts__route_changes", "work")
        .order_by("ref")
    )
    by_name = {o.name: o for o in orgs.values()}
    for participant in families:
        extra = extras[participant.ref]
        _details(participant, extra)
        # A placement at a partner organisation links to it (the format has the name only).
        for work in participant.work.all():
            if work.employer_organisation_id is None and work.employer in by_name:
                work.employer_organisation = by_name[work.employer]
                work.save(update_fields=["employer_organisation"])
        _routes(participant, extra, lead)
        if participant.start_date is None or Dream.objects.filter(participant=participant).exists():
            continue
        rng = random.Random(participant.ref)  # noqa: S311 (demo data, not security)
        coach = coach_by_email.get(_doc_coach(document, participant.ref)) or lead
        _demo_plan(rng, participant, coach, orgs, participant.start_date, today)
        _demo_contacts(rng, participant, coach, participant.start_date, today)
    _consent_details(programme, coach_by_email, document, orgs)
    _research_consents(programme, lead)
    return {"families added": len(set(extras) - existing), **result.counts}


# Mothers who said no to research; every other mother who started agreed at her start.
RESEARCH_DECLINED = {"DM-0004", "DM-0012", "DM-0018"}


def _research_consents(programme, lead) -> None:
    """Most mothers agreed to take part in research (the research export) when they started."""
    from droomplan.access.models import ResearchConsent
    from droomplan.access.services import set_research_consent

    done = set(ResearchConsent.objects.values_list("participant_id", flat=True))
    for participant in Participant.objects.filter(
        programme=programme, start_date__isnull=False, anonymised_at__isnull=True
    ).exclude(ref__in=RESEARCH_DECLINED):
        if participant.pk not in done:
            set_research_consent(
                actor=lead, participant=participant, agrees=True, on=participant.start_date
            )


def _consent_details(programme, coach_by_email, document, orgs) -> None:
    """How a consent was given (the coach as witness) and why it was withdrawn; the coach
    shares her latest note with the credit bank where it has a valid consent."""
    for consent in Consent.objects.filter(
        participant__programme=programme, witness__isnull=True
    ).select_related("participant", "organisation"):
        coach = coach_by_email.get(_doc_coach(document, consent.participant.ref))
        consent.witness = coach
        if consent.withdrawn_on:
            consent.withdrawn_by = coach
            consent.withdrawal_reason = "Wil de schuldhulp zelf afronden."
        consent.save()
        if consent.organisation.code == "kredietbank" and not consent.withdrawn_on:
            latest = consent.participant.contacts.order_by("-date", "-pk").first()
            if latest is not None:
                latest.shared_with.add(orgs["kredietbank"])


def _doc_coach(document: dict, ref: str) -> str:
    return next((p["coach"] or "") for p in document["participants"] if p["ref"] == ref)


def _details(participant: Participant, extra: dict) -> None:
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


def _routes(participant: Participant, extra: dict, lead: User) -> None:
    """The route a debt took (stabilisation, consolidation loan, ...): steps after the first
    one the importer wrote, added once."""
    for debt in participant.debts.all():
        steps = extra["routes"].get((debt.creditor, debt.registered_on.isoformat()), [])
        if not steps or len(debt.route_changes.all()) > 1:
            continue
        DebtRouteChange.objects.filter(debt=debt).update(
            route=DebtRoute.INVENTORY, date=debt.registered_on
        )
        for route, day, note in steps:
            DebtRouteChange.objects.create(
                debt=debt, route=route, date=day, note=note, changed_by=lead
            )
        debt.route = steps[-1][0]
        debt.save(update_fields=["route"])


def _demo_plan(rng, participant, coach, orgs, start, today):
    dream = Dream.objects.create(participant=participant, text=rng.choice(DREAMS), created_by=coach)
    for k, (domain, title) in enumerate(rng.sample(GOALS, 3)):
        target = start + datetime.timedelta(days=120 + 90 * k)
        status = (
            GoalStatus.ACHIEVED if target < today - datetime.timedelta(days=60) else GoalStatus.OPEN
        )
        goal = Goal.objects.create(
            participant=participant,
            dream=dream,
            domain=domain,
            title=title,
            target_date=target,
            status=status,
            created_by=coach,
        )
        for j, (text, owner, org_code) in enumerate(ACTIONS[domain]):
            due = target - datetime.timedelta(days=60 - 20 * j)
            done = (
                due
                if (status == GoalStatus.ACHIEVED or due < today - datetime.timedelta(days=30))
                else None
            )
            Action.objects.create(
                goal=goal,
                description=text,
                owner=owner,
                organisation=orgs.get(org_code) if org_code else None,
                due_date=due,
                done_on=done,
                created_by=coach,
            )
    child = participant.children.first()
    if child is not None:
        goal = Goal.objects.create(
            participant=participant,
            child=child,
            domain=LifeDomain.CHILDREN,
            title=f"{child.given_name} gaat met plezier naar de opvang of school",
            target_date=start + datetime.timedelta(days=180),
            created_by=coach,
        )
        due = start + datetime.timedelta(days=30)
        Action.objects.create(
            goal=goal,
            description="Intakegesprek op de opvang plannen",
            owner=ActionOwner.PARTNER,
            organisation=orgs.get("mik"),
            due_date=due,
            # Mostly done by the childcare partner (a little late, as happens); in a few
            # families it is still open, so the coach has something overdue to chase.
            done_on=due + datetime.timedelta(days=5)
            if due < today and rng.random() < 0.75
            else None,
            created_by=coach,
        )


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
