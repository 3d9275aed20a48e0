"""Demo measurements for the demo families (temporary and simple; the exchange import may replace
it). Every started family has a baseline and the follow-ups of the schedule up to today, telling
a plausible story: stress goes down, the ladder and the Bridge go up, executive skills grow a
little. A few families miss their latest follow-up, so the caseload shows overdue measurements.
Loading twice changes nothing: a family with any measurement is left alone."""

import datetime
import random

from droomplan.cases.models import Participant

from . import schedule as sched
from .models import Instrument
from .services import record_measurement

ORDER = 50

#: Families whose latest follow-up has not been done (overdue on the caseload).
BEHIND = {"DM-0004", "DM-0009", "DM-0013", "DM-0018"}


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(code: str, instrument: Instrument, rng: random.Random, f: float, base: dict):
    """Answers for progress fraction f (0 = baseline, 1 = two years on)."""
    items = instrument.item_list
    if code == "pss-10":
        level = base["stress"] - f * base["stress_drop"]
        return {
            i.code: _clamp(
                (4 - level if i.reverse_scored else level) + rng.uniform(-0.7, 0.7), 0, 4
            )
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


def load(context) -> dict[str, int]:
    today = context["today"]
    programme = context["programme"]
    instruments = {
        i.code: i for i in Instrument.objects.prefetch_related("items").filter(active=True)
    }
    scheduled = [
        c for c in ("pss-10", "participatieladder", "brug", "executive-skills") if c in instruments
    ]
    families = (
        Participant.objects.filter(
            programme=programme, start_date__isnull=False, ref__startswith="DM-"
        )
        .exclude(measurements__isnull=False)
        .select_related("programme")
        .order_by("ref")
    )
    coach_trajekt = context["users"].get("coach.trajekt")
    added = 0
    for participant in families:
        rng = random.Random(participant.ref)  # noqa: S311 (demo data)
        groups = {code: [g["code"] for g in i.groups] for code, i in instruments.items()}
        base = {
            "stress": rng.uniform(2.4, 3.2),
            "stress_drop": rng.uniform(0.6, 1.6),
            "rung": rng.choice([1, 2, 2, 3]),
            "rung_gain": rng.choice([1, 2, 2, 3]),
            "brug": {g: rng.choice([1, 2, 2, 3]) for g in groups["brug"]},
            "brug_gain": {g: rng.choice([0, 1, 1, 2]) for g in groups["brug"]},
            "skill": {g: rng.uniform(2.5, 5.0) for g in groups["executive-skills"]},
            "pg": {g: rng.uniform(3.5, 6.5) for g in groups["positieve-gezondheid"]},
        }
        plan = sched.occasions(
            start_date=participant.start_date,
            end_date=participant.end_date,
            today=today,
            baseline_window_weeks=programme.baseline_window_weeks,
            follow_up_months=programme.follow_up_months,
        )
        done = [o for o in plan if o.opens_on <= today]
        if participant.ref in BEHIND and len(done) > 1:
            done = done[:-1]
        if participant.end_date and participant.end_date < today and len(done) > 1:
            done = [o for o in done if o.kind != sched.END]  # dropped out: no end measurement
        for n, occasion in enumerate(done):
            day = occasion.target + datetime.timedelta(days=rng.randint(2, 12))
            if occasion.kind == sched.BASELINE:
                day = participant.start_date + datetime.timedelta(days=rng.randint(3, 14))
            if day > today:
                continue
            f = min(1.0, (day - participant.start_date).days / 730)
            codes = list(scheduled)
            if n == 0 or n == len(done) - 1:
                codes.append("positieve-gezondheid")
            if n == 0 and participant.ref[-1] in "135":
                codes.append("zrm")
            for code in codes:
                record_measurement(
                    participant=participant,
                    instrument=instruments[code],
                    taken_on=day,
                    answers=_answers(code, instruments[code], rng, f, base),
                    recorded_by=coach_trajekt,
                    today=today,
                    audit=False,
                )
                added += 1
    return {"measurements": added}
