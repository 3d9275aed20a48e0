"""The demo programme as an exchange document: 23 families (DM-0001..DM-0023; two groups of ten
and three mothers in intake) with their children, debts, housing, education, work, consents and
measurements. Deterministic for a given `today` (dates that lie in the past are relative to the
fixed group starts; consents and the intake mothers are relative to today).

`exchange.demo` imports this document with the exchange importer; the other apps' `demo.py`
add what the format does not carry (phone numbers, plans, contacts, debt routes) on top.

The stories: the first group is mostly debt-free through the credit bank's consolidation loan,
the second is under way; DM-0003 has open debts under budget management; DM-0005's rest debt was
remitted; DM-0007 dropped out; DM-0010 never had debts. The credit bank has consent for the
finances of DM-0001..DM-0006 (DM-0003's ends within 30 days, DM-0005's was withdrawn); MIK for
the children and family stability of DM-0001, DM-0003 and DM-0007. Stress goes down, the
ladder and the Bridge go up; DM-0004, -0009, -0013 and -0018 miss their latest follow-up."""

import datetime
import random
from decimal import Decimal

from droomplan.instruments import schedule as sched
from droomplan.instruments.definitions import SHIPPED

PROGRAMME = {"code": "droommoeders", "name": "Droommoeders Zuid-Limburg", "max_age_at_intake": 27}
COACH_EMAILS = ["coach.bjz@demo.droomplan.nl", "coach.trajekt@demo.droomplan.nl"]
FIRST_NAMES = [
    "Lisa", "Samira", "Kimberley", "Demi", "Naomi", "Jamila", "Chantal", "Romy", "Esra",
    "Shanice", "Fleur", "Priscilla", "Amber", "Layla", "Britt", "Noor", "Melissa", "Iris",
    "Yara", "Sabrina", "Dounia", "Joyce", "Tamara",
]  # fmt: skip
FAMILY_NAMES = [
    "Jacobs", "Bouzid", "Willems", "Hendriks", "Janssen", "El Amrani", "Lemmens", "Peters",
    "Yilmaz", "Martina", "Vrancken", "Kurvers", "Claessens", "Haddou", "Notermans", "Smeets",
    "Frijns", "Wetzels", "Rousseau", "Dassen", "Benali", "Coumans", "Gerards",
]  # fmt: skip
STREETS = ["Brusselseweg", "Boschstraat", "Akerstraat", "Wycker Grachtstraat"]
CHILD_NAMES = ["Noah", "Mila", "Liam", "Sara", "Daan", "Yasmine", "Luuk", "Emma", "Adam", "Lina"]
MUNICIPALITIES = ["GM0935", "GM0938", "GM0981", "GM0994", "GM1729", "GM1903"]  # South Limburg
CREDITORS = [
    ("Zorgverzekeraar CZ", "1240.00"),
    ("Enexis / energieleverancier", "865.50"),
    ("Woningcorporatie Servatius", "1980.00"),
    ("CJIB (boetes)", "412.00"),
    ("Belastingdienst Toeslagen", "3150.00"),
    ("Telefoonprovider", "289.95"),
]
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
BEHIND = {"DM-0004", "DM-0009", "DM-0013", "DM-0018"}
DROPPED_OUT = 7


def _d(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(start: datetime.date, days: int, today: datetime.date) -> datetime.date:
    return min(start + datetime.timedelta(days=days), today)


def build(
    *,
    today: datetime.date,
    organisations: list[tuple[str, str, str]],
    cohorts: list[tuple[str, str, str]],
    municipalities: list[str] | None = None,
) -> tuple[dict, dict]:
    """The demo document and, per ref, what the format does not carry (phone, e-mail,
    address, childcare and school of the children, debt route steps)."""
    rng = random.Random(2024)  # noqa: S311 (demo data, not security)
    municipalities = sorted(municipalities or MUNICIPALITIES)
    groups = [(code, datetime.date.fromisoformat(start)) for code, _name, start in cohorts]
    plan = [(groups[0], i) for i in range(10)] + [(groups[1], i) for i in range(10)]
    plan += [(None, i) for i in range(3)]  # in intake
    participants, extras = [], {}
    for number, (group, index) in enumerate(plan, start=1):
        ref = f"DM-{number:04d}"
        start = group[1] if group else None
        intake = (
            start - datetime.timedelta(days=21)
            if start
            else today - datetime.timedelta(days=10 + index * 5)
        )
        municipality = "GM0935" if number % 3 else municipalities[number % len(municipalities)]
        birth = intake - datetime.timedelta(days=rng.randint(19 * 365, 27 * 365))
        extra = {
            "phone": f"06-{rng.randint(10000000, 99999999)}",
            "email": f"{FIRST_NAMES[number - 1].lower()}@example.nl",
            "address": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            "children": {},
            "routes": {},
        }
        children = []
        for k in range(1 + number % 2):
            name = CHILD_NAMES[(number + k) % len(CHILD_NAMES)]
            born = intake - datetime.timedelta(days=rng.randint(200, 2500))
            children.append({"given_name": name, "birth_date": _d(born)})
            extra["children"][name] = {
                "childcare": "MIK kinderopvang" if k == 0 else "",
                "school": "" if k == 0 else "Basisschool De Letterdoos",
            }
        end = start + datetime.timedelta(days=200) if start and number == DROPPED_OUT else None
        p = {
            "ref": ref,
            "given_name": FIRST_NAMES[number - 1],
            "family_name": FAMILY_NAMES[number - 1],
            "birth_date": _d(birth),
            "municipality": municipality,
            "single_parent": True,
            "cohort": group[0] if group else None,
            "intake_date": _d(intake),
            "start_date": _d(start),
            "end_date": _d(end),
            "end_reason": "dropped_out" if end else None,
            "coach": COACH_EMAILS[number % len(COACH_EMAILS)],
            "children": children,
            "debts": [],
            "housing": [],
            "education": [],
            "work": [],
            "consents": _consents(ref, today),
            "measurements": [],
        }
        if start:
            p["debts"] = _debts(number, start, today, ended=bool(end), extra=extra)
            p["housing"] = _housing(number, start, today)
            p["education"] = _education(number, start, today)
            p["work"] = _work(number, start, today, {o[0]: o[1] for o in organisations})
            p["measurements"] = _measurements(ref, start, end, today)
        participants.append(p)
        extras[ref] = extra
    document = {
        "format": "droomplan-exchange",
        "version": 1,
        "programme": dict(PROGRAMME),
        "organisations": [{"code": c, "name": n, "kind": str(k)} for c, n, k in organisations],
        "cohorts": [{"code": c, "name": n, "start_date": s} for c, n, s in cohorts],
        "participants": participants,
    }
    return document, extras


def _debts(n, start, today, *, ended, extra) -> list[dict]:
    if n == 10:
        return []  # never had debts
    debts = []
    for k in range(2 + n % 3):
        creditor, amount = CREDITORS[(n + k) % len(CREDITORS)]
        registered = _day(start, 7 + 9 * k, today)
        steps = [] if ended else _route(n, start, registered, today)
        settled = next(
            (day for route, day, _note in steps if route in {"paid_off", "remitted"}), None
        )
        debts.append(
            {
                "creditor": creditor,
                "amount": f"{Decimal(amount) + n * 10:.2f}",
                "registered_on": _d(registered),
                "settled_on": _d(settled),
            }
        )
        extra["routes"][(creditor, _d(registered))] = steps
    return debts


def _route(n, start, registered, today) -> list[tuple[str, datetime.date, str]]:
    """The usual route: stabilisation, then the credit bank's consolidation loan, then paid
    off. DM-0003 is under budget management; DM-0005 got a debt arrangement ending in
    remission."""
    steps: list = []
    last = registered

    def step(route, days, note=""):
        nonlocal last
        day = start + datetime.timedelta(days=days)
        if day > today or day <= last:
            return False
        steps.append((route, day, note))
        last = day
        return True

    if n == 3:
        step("stabilisation", 45)
        step("budget_management", 120, "Beschermingsbewind via de rechtbank.")
        return steps
    step("stabilisation", 40 + n)
    if n == 5:
        step("debt_arrangement", 140)
        step("remitted", 560, "Restschuld kwijtgescholden na de schuldregeling.")
        return steps
    if step("consolidation_loan", 130 + n, "Saneringskrediet Kredietbank Limburg."):
        step("paid_off", 330 + 20 * n)
    return steps


def _housing(n, start, today) -> list[dict]:
    first = [
        "Woont met de kinderen bij haar moeder, te klein.",
        "Tijdelijk in de opvang.",
        "Onderhuur van een kamer, geen eigen huurcontract.",
    ][n % 3]
    records = [
        {"date": _d(start - datetime.timedelta(days=20)), "adequate": False, "situation": first}
    ]
    if n != 3:
        records.append(
            {
                "date": _d(_day(start, 150 + 10 * n, today)),
                "adequate": True,
                "situation": "Eigen sociale huurwoning, huurtoeslag geregeld.",
            }
        )
    return records


def _education(n, start, today) -> list[dict]:
    if n % 3 == 1:
        return []
    started = _day(start, 180, today)
    completed = stopped = None
    if n % 4 == 0 and started + datetime.timedelta(days=400) <= today:
        completed = started + datetime.timedelta(days=400)
    elif n % 5 == 0 and started + datetime.timedelta(days=90) <= today:
        stopped = started + datetime.timedelta(days=90)
    return [
        {
            "name": ["Helpende Zorg en Welzijn", "Pedagogisch medewerker", "Entree-opleiding"][
                n % 3
            ],
            "level": ["mbo-2", "mbo-3", "mbo-1"][n % 3],
            "started_on": _d(started),
            "completed_on": _d(completed),
            "stopped_on": _d(stopped),
        }
    ]


def _work(n, start, today, org_names) -> list[dict]:
    work = []
    if n % 2 == 0:
        begin = _day(start, 200, today)
        work.append(
            {
                "kind": "internship",
                "employer": org_names.get("mik" if n % 4 == 0 else "trajekt", ""),
                "started_on": _d(begin),
                "ended_on": _d(min(begin + datetime.timedelta(days=120), today)),
                "hours_per_week": 16,
            }
        )
    if n % 5 in (0, 2) and n <= 12:
        work.append(
            {
                "kind": "paid_supported" if n % 2 else "paid",
                "employer": "Bakkerij Bollen" if n % 2 else org_names.get("mik", ""),
                "started_on": _d(_day(start, 420, today)),
                "ended_on": None,
                "hours_per_week": 24,
            }
        )
    if n % 7 == 1:
        work.append(
            {
                "kind": "volunteer",
                "employer": "Buurthuis Malberg",
                "started_on": _d(_day(start, 60, today)),
                "ended_on": None,
                "hours_per_week": 4,
            }
        )
    return work


def _consents(ref, today) -> list[dict]:
    consents = []
    for r, given, expires, withdrawn in CREDIT_BANK:
        if r == ref:
            consents.append(
                {
                    "organisation": "kredietbank",
                    "scopes": ["finances"],
                    "given_on": _d(today - datetime.timedelta(days=given)),
                    "expires_on": _d(today + datetime.timedelta(days=expires)),
                    "withdrawn_on": _d(today - datetime.timedelta(days=withdrawn))
                    if withdrawn
                    else None,
                }
            )
    for r, given, expires in CHILDCARE:
        if r == ref:
            consents.append(
                {
                    "organisation": "mik",
                    "scopes": ["children", "family_stability"],
                    "given_on": _d(today - datetime.timedelta(days=given)),
                    "expires_on": _d(today + datetime.timedelta(days=expires)),
                    "withdrawn_on": None,
                }
            )
    return consents


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _groups(code: str) -> list[str]:
    seen: list[str] = []
    for item in SHIPPED[code].items:
        if item.group and item.group not in seen:
            seen.append(item.group)
    return seen


def _answers(code: str, rng: random.Random, f: float, base: dict) -> dict:
    """Answers for progress fraction f (0 = baseline, 1 = two years on)."""
    items = SHIPPED[code].items
    if code == "pss-10":
        level = base["stress"] - f * base["stress_drop"]
        return {
            i.code: _clamp((4 - level if i.reverse else level) + rng.uniform(-0.7, 0.7), 0, 4)
            for i in items
        }
    if code == "participatieladder":
        return {"rung": _clamp(base["rung"] + f * base["rung_gain"], 1, 6)}
    if code == "brug":
        return {
            i.code: _clamp(base["brug"][i.code] + f * base["brug_gain"][i.code], 1, 5)
            for i in items
        }
    if code == "executive-skills":
        return {
            i.code: _clamp(base["skill"][i.group] + f * 1.6 + rng.uniform(-0.8, 0.8), 1, 7)
            for i in items
        }
    if code == "positieve-gezondheid":
        return {
            i.code: _clamp(base["pg"][i.code] + f * 2.5 + rng.uniform(-1, 1), 0, 10) for i in items
        }
    return {i.code: _clamp(2.5 + f * 1.5 + rng.uniform(-1, 1), 1, 5) for i in items}


def _measurements(ref, start, end, today, *, weeks: int = 4, months: int = 6) -> list[dict]:
    rng = random.Random(ref)  # noqa: S311 (demo data)
    base = {
        "stress": rng.uniform(2.4, 3.2),
        "stress_drop": rng.uniform(0.6, 1.6),
        "rung": rng.choice([1, 2, 2, 3]),
        "rung_gain": rng.choice([1, 2, 2, 3]),
        "brug": {g: rng.choice([1, 2, 2, 3]) for g in _groups("brug")},
        "brug_gain": {g: rng.choice([0, 1, 1, 2]) for g in _groups("brug")},
        "skill": {g: rng.uniform(2.5, 5.0) for g in _groups("executive-skills")},
        "pg": {g: rng.uniform(3.5, 6.5) for g in _groups("positieve-gezondheid")},
    }
    plan = sched.occasions(
        start_date=start,
        end_date=end,
        today=today,
        baseline_window_weeks=weeks,
        follow_up_months=months,
    )
    done = [o for o in plan if o.opens_on <= today]
    if ref in BEHIND and len(done) > 1:
        done = done[:-1]
    if end and end < today and len(done) > 1:
        done = [o for o in done if o.kind != sched.END]  # dropped out: no end measurement
    measurements = []
    taken: set = set()
    for n, occasion in enumerate(done):
        day = occasion.target + datetime.timedelta(days=rng.randint(2, 12))
        if occasion.kind == sched.BASELINE:
            day = start + datetime.timedelta(days=rng.randint(3, 14))
        if day > today:
            continue
        f = min(1.0, (day - start).days / 730)
        codes = ["pss-10", "participatieladder", "brug", "executive-skills"]
        if n == 0 or n == len(done) - 1:
            codes.append("positieve-gezondheid")
        if n == 0 and ref[-1] in "135":
            codes.append("zrm")
        for code in codes:
            answers = _answers(code, rng, f, base)
            if (code, day) in taken:
                continue
            taken.add((code, day))
            measurements.append({"instrument": code, "taken_on": _d(day), "answers": answers})
    return measurements
