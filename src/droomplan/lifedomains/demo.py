"""Demo debts, housing, education and work for the demo families (temporary and simple; the
exchange import may replace it). Families of the first group are mostly debt-free through the
credit bank's consolidation loan; the second group is under way; DM-0003 still has open debts
under budget management. Loading twice changes nothing: a family that has any life-domain
record is left alone."""

import datetime
from decimal import Decimal

from droomplan.cases.models import Participant, Status

from . import services
from .models import DebtRoute, HousingKind, WorkKind

ORDER = 40

CREDITORS = [
    ("Zorgverzekeraar CZ", "1240.00"),
    ("Enexis / energieleverancier", "865.50"),
    ("Woningcorporatie Servatius", "1980.00"),
    ("CJIB (boetes)", "412.00"),
    ("Belastingdienst Toeslagen", "3150.00"),
    ("Telefoonprovider", "289.95"),
]


def _day(start: datetime.date, days: int, today: datetime.date) -> datetime.date:
    return min(start + datetime.timedelta(days=days), today)


def load(context) -> dict[str, int]:
    today = context["today"]
    orgs = context["organisations"]
    families = (
        Participant.objects.filter(
            programme=context["programme"], start_date__isnull=False, ref__startswith="DM-"
        )
        .exclude(debts__isnull=False)
        .exclude(housing__isnull=False)
        .order_by("ref")
        .distinct()
    )
    counts = {"debts": 0, "housing records": 0, "educations": 0, "work placements": 0}
    for participant in families:
        n = int(participant.ref.split("-")[1])
        start = participant.start_date
        coach = (
            participant.coach_assignments.filter(ended_on__isnull=True)
            .select_related("coach")
            .first()
        )
        actor = coach.coach if coach else None
        counts["debts"] += _debts(actor, participant, n, start, today)
        counts["housing records"] += _housing(actor, participant, n, start, today)
        counts["educations"] += _education(actor, participant, n, start, today)
        counts["work placements"] += _work(actor, participant, n, start, today, orgs)
    return counts


def _debts(actor, participant, n, start, today) -> int:
    if n == 10:
        return 0  # never had debts
    how_many = 2 + n % 3
    debts = []
    for k in range(how_many):
        creditor, amount = CREDITORS[(n + k) % len(CREDITORS)]
        debts.append(
            services.create_debt(
                actor=actor,
                participant=participant,
                creditor=creditor,
                amount=Decimal(amount) + n * 10,
                registered_on=_day(start, 7 + 9 * k, today),
                today=today,
            )
        )
    for debt in debts:
        _route(actor, debt, participant, n, start, today)
    return len(debts)


def _route(actor, debt, participant, n, start, today) -> None:
    """The usual route: stabilisation, then the credit bank's consolidation loan, then paid
    off. DM-0003 is under budget management; DM-0007 (dropped out) stays in inventory; one
    family got a debt arrangement ending in remission."""

    def step(route, days, note=""):
        date = start + datetime.timedelta(days=days)
        if date > today or date <= debt.route_changes.order_by("-date").first().date:
            return False
        services.change_debt_route(
            actor=actor, debt=debt, route=route, date=date, note=note, today=today
        )
        return True

    if participant.status == Status.ENDED or n == 7:
        return
    if n == 3:
        step(DebtRoute.STABILISATION, 45)
        step(DebtRoute.BUDGET_MANAGEMENT, 120, "Beschermingsbewind via de rechtbank.")
        return
    step(DebtRoute.STABILISATION, 40 + n)
    if n == 5:
        step(DebtRoute.DEBT_ARRANGEMENT, 140)
        step(DebtRoute.REMITTED, 560, "Restschuld kwijtgescholden na de schuldregeling.")
        return
    if step(DebtRoute.CONSOLIDATION_LOAN, 130 + n, "Saneringskrediet Kredietbank Limburg."):
        # The credit bank pays the creditors some months later; the second group is under way.
        step(DebtRoute.PAID_OFF, 330 + 20 * n)


def _housing(actor, participant, n, start, today) -> int:
    first = [HousingKind.WITH_FAMILY, HousingKind.SHELTER, HousingKind.SUBLET][n % 3]
    services.create_housing(
        actor=actor,
        participant=participant,
        date=start - datetime.timedelta(days=20),
        kind=first,
        adequate=False,
        situation={
            HousingKind.WITH_FAMILY: "Woont met de kinderen bij haar moeder, te klein.",
            HousingKind.SHELTER: "Tijdelijk in de opvang.",
            HousingKind.SUBLET: "Onderhuur van een kamer, geen eigen huurcontract.",
        }[first],
        today=today,
    )
    if n == 3:
        return 1
    services.create_housing(
        actor=actor,
        participant=participant,
        date=_day(start, 150 + 10 * n, today),
        kind=HousingKind.SOCIAL_HOUSING,
        adequate=True,
        situation="Eigen sociale huurwoning, huurtoeslag geregeld.",
        today=today,
    )
    return 2


def _education(actor, participant, n, start, today) -> int:
    if n % 3 == 1:
        return 0
    started = _day(start, 180, today)
    completed = stopped = None
    if n % 4 == 0 and started + datetime.timedelta(days=400) <= today:
        completed = started + datetime.timedelta(days=400)
    elif n % 5 == 0 and started + datetime.timedelta(days=90) <= today:
        stopped = started + datetime.timedelta(days=90)
    services.create_education(
        actor=actor,
        participant=participant,
        name=["Helpende Zorg en Welzijn", "Pedagogisch medewerker", "Entree-opleiding"][n % 3],
        level=["mbo-2", "mbo-3", "mbo-1"][n % 3],
        institution="Vista college",
        started_on=started,
        completed_on=completed,
        stopped_on=stopped,
        today=today,
    )
    return 1


def _work(actor, participant, n, start, today, orgs) -> int:
    made = 0
    if n % 2 == 0:
        begin = _day(start, 200, today)
        services.create_work(
            actor=actor,
            participant=participant,
            kind=WorkKind.INTERNSHIP,
            employer_organisation=orgs["mik"] if n % 4 == 0 else orgs["trajekt"],
            started_on=begin,
            ended_on=min(begin + datetime.timedelta(days=120), today),
            hours_per_week=Decimal("16"),
            today=today,
        )
        made += 1
    if n % 5 in (0, 2) and n <= 12:
        begin = _day(start, 420, today)
        services.create_work(
            actor=actor,
            participant=participant,
            kind=WorkKind.PAID_SUPPORTED if n % 2 else WorkKind.PAID,
            employer="Bakkerij Bollen" if n % 2 else "",
            employer_organisation=None if n % 2 else orgs["mik"],
            started_on=begin,
            hours_per_week=Decimal("24"),
            today=today,
        )
        made += 1
    if n % 7 == 1:
        services.create_work(
            actor=actor,
            participant=participant,
            kind=WorkKind.VOLUNTEER,
            employer="Buurthuis Malberg",
            started_on=_day(start, 60, today),
            hours_per_week=Decimal("4"),
            today=today,
        )
        made += 1
    return made
