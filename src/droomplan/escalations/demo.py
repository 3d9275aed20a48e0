"""Demo escalations: one decided (its decision is in the plan as actions for the credit
bank), one advised and waiting for the board, one past its deadline without advice."""

import datetime

from droomplan.cases.models import Participant
from droomplan.core.demo import register
from droomplan.core.domains import LifeDomain
from droomplan.core.workdays import subtract_working_days
from droomplan.escalations import services
from droomplan.escalations.models import BarrierKind, Escalation
from droomplan.plans import services as plan_services


def _goal(participant, coach, title, domain, target):
    dream = participant.dreams.order_by("pk").first()
    return plan_services.create_goal(
        actor=coach,
        participant=participant,
        title=title,
        domain=domain,
        dream=dream,
        target_date=target,
    )


@register(order=70)
def load(context) -> dict[str, int]:
    programme = context["programme"]
    if Escalation.objects.filter(participant__programme=programme).exists():
        return {}
    users = context["users"]
    orgs = context["organisations"]
    today = context["today"]
    lead = users["projectleider"]
    board = users["bestuur"]
    by_ref = {
        p.ref: p
        for p in Participant.objects.filter(
            programme=programme, ref__in=["DM-0003", "DM-0005", "DM-0012"]
        )
    }
    count = 0

    # 1. Decided: the debt arrangement stalled; the board asked the credit bank to go ahead.
    participant = by_ref.get("DM-0003")
    if participant is not None and (coach := participant.current_coach()) is not None:
        opened = subtract_working_days(today, 14)
        goal = _goal(
            participant,
            coach,
            "Een schuldregeling die loopt, zodat de beslagen stoppen",
            LifeDomain.FINANCES,
            today + datetime.timedelta(days=120),
        )
        escalation = services.open_escalation(
            actor=coach,
            participant=participant,
            goal=goal,
            kind=BarrierKind.DEBT_ARRANGEMENT,
            barrier="De schuldregeling start niet: één schuldeiser (zorgverzekeraar) stemt niet "
            "in met het akkoord, daardoor blijft het beslag op haar toeslagen staan.",
            tried="Twee keer overleg met de Kredietbank; de zorgverzekeraar verwijst naar zijn "
            "beleid. Dwangakkoord duurt minstens vier maanden.",
            asked="Mag het fonds de vordering van de zorgverzekeraar overnemen, zodat de "
            "regeling nu kan starten?",
            today=opened,
        )
        services.add_advice(
            actor=lead,
            escalation=escalation,
            advice="Positief: het gaat om € 1.450, en zonder regeling loopt het beslag door. "
            "Voorwaarde: budgetbeheer blijft bij de Kredietbank.",
            today=opened + datetime.timedelta(days=2),
        )
        services.decide(
            actor=board,
            escalation=escalation,
            text="Het fonds neemt de vordering van de zorgverzekeraar over (€ 1.450). De "
            "Kredietbank start de schuldregeling en houdt het budgetbeheer.",
            organisation=orgs["kredietbank"],
            carried_out_by=users["partner.kredietbank"],
            due_date=today + datetime.timedelta(days=21),
            actions=[
                "Vordering zorgverzekeraar laten overnemen door het fonds",
                "Schuldregeling starten en beslag op toeslagen laten opheffen",
            ],
            today=subtract_working_days(today, 6),
        )
        count += 1

    # 2. Advised, waiting for the board: internship refused because of her age.
    participant = by_ref.get("DM-0005")
    if participant is not None and (coach := participant.current_coach()) is not None:
        goal = _goal(
            participant,
            coach,
            "Een stageplek in de kinderopvang voor haar opleiding",
            LifeDomain.EMPLOYMENT,
            today + datetime.timedelta(days=90),
        )
        escalation = services.open_escalation(
            actor=coach,
            participant=participant,
            goal=goal,
            kind=BarrierKind.AGE_RULE,
            barrier="De BBL-opleiding wijst haar af omdat ze ouder is dan 27; het "
            "leerwerkbudget van de gemeente geldt alleen tot 27 jaar.",
            tried="Gesprek met de opleiding en met de gemeente; allebei verwijzen ze naar de "
            "leeftijdsgrens van de regeling.",
            asked="Een uitzondering op de leeftijdsgrens, of financiering uit het fonds voor "
            "het eerste opleidingsjaar.",
            today=subtract_working_days(today, 3),
        )
        services.add_advice(
            actor=lead,
            escalation=escalation,
            advice="Uitzondering bepleiten bij de gemeente; het fonds als vangnet.",
            today=subtract_working_days(today, 1),
        )
        count += 1

    # 3. Past its deadline, no advice yet: two organisations point at each other.
    participant = by_ref.get("DM-0012")
    if participant is not None and (coach := participant.current_coach()) is not None:
        goal = _goal(
            participant,
            coach,
            "Kinderopvang op de dagen dat ze naar school gaat",
            LifeDomain.FAMILY_STABILITY,
            today + datetime.timedelta(days=60),
        )
        deadline_days = programme.escalation_deadline_days
        opened = subtract_working_days(today, deadline_days + 4)
        services.open_escalation(
            actor=coach,
            participant=participant,
            goal=goal,
            kind=BarrierKind.BETWEEN_ORGANISATIONS,
            barrier="De opvang start pas als de toeslag is toegekend, en de toeslag wordt pas "
            "toegekend als er een contract met de opvang is.",
            tried="Met MIK en met de gemeente gebeld; allebei wachten ze op de ander.",
            asked="Kan MIK starten met een voorlopig contract, met het fonds als garantie "
            "tot de toeslag er is?",
            today=opened,
        )
        count += 1
    return {"escalations": count}
