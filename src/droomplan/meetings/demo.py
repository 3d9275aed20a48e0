"""Demo group meetings: for both demo groups, monthly meetings in the last months with
attendance and a report, and the meetings still to come (one for both groups together)."""

import datetime
import random

from droomplan.core.demo import register
from droomplan.meetings import services
from droomplan.meetings.models import AttendanceStatus, GroupSession
from droomplan.programmes.models import Cohort

PAST = [
    ("Budgetteren: rondkomen met een klein inkomen", "Buurthuis Caberg, Maastricht", False),
    ("Slapen en stress: wat helpt jou?", "Trajekt, Wycker Grachtstraat 38", False),
    ("Picknick met de kinderen in het Stadspark", "Stadspark Maastricht", True),
    ("Je netwerk: wie helpt jou als het moeilijk is?", "Buurthuis Caberg, Maastricht", False),
    ("Solliciteren: je verhaal in twee minuten", "Trajekt, Wycker Grachtstraat 38", False),
]
COMING = [
    ("Opvoeden: grenzen stellen zonder ruzie", "Buurthuis Caberg, Maastricht", True),
    ("Dromen en doelen: waar sta je nu?", "Trajekt, Wycker Grachtstraat 38", False),
]
REPORTS = [
    "Goede opkomst. De moeders deelden tips over boodschappen doen met een vast budget; "
    "de groep wil volgende keer oefenen met de Kredietbank-app.",
    "Open gesprek over slapen en piekeren. Twee moeders gaan samen wandelen op dinsdag.",
    "Zonnige middag, de kinderen speelden samen terwijl de moeders bijpraatten.",
    "De netwerkcirkel ingevuld. Veel moeders merken dat ze weinig mensen hebben om op terug "
    "te vallen; volgende keer nodigen we een vrijwilligersorganisatie uit.",
    "Elevator pitch geoefend. Leuk en spannend; de groep wil een sollicitatietraining.",
]


def _on(day: datetime.date, weekday: int) -> datetime.date:
    """The first `weekday` (0 = Monday) on or after `day`: groups meet on a fixed weekday."""
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


@register(order=60)
def load(context) -> dict[str, int]:
    programme = context["programme"]
    if GroupSession.objects.filter(programme=programme).exists():
        return {}
    users = context["users"]
    today = context["today"]
    mik = context["organisations"]["mik"]
    rng = random.Random(2025)  # noqa: S311 (demo data)
    cohorts = {c.code: c for c in Cohort.objects.filter(programme=programme)}
    groups = [
        (cohorts.get("2024-1"), users["coach.trajekt"]),
        (cohorts.get("2025-1"), users["coach.bjz"]),
    ]
    count = 0
    for offset, (cohort, coach) in enumerate(groups):
        if cohort is None:
            continue
        for k, (theme, place, children) in enumerate(PAST):
            date = _on(today - datetime.timedelta(days=28 * (len(PAST) - k) + 7), 1 + 2 * offset)
            session = services.plan_session(
                actor=coach,
                cohorts=[cohort],
                date=date,
                start_time=datetime.time(10, 0),
                end_time=datetime.time(12, 0),
                place=place,
                theme=theme,
                facilitators=[coach] + ([users["partner.mik"]] if children else []),
                children_welcome=children,
                childcare_arranged=children,
                childcare_organisation=mik if children else None,
                today=date,
            )
            statuses = {}
            for attendance in session.attendances.all():
                roll = rng.random()
                statuses[attendance.participant_id] = (
                    AttendanceStatus.PRESENT
                    if roll < 0.72
                    else AttendanceStatus.EXCUSED
                    if roll < 0.88
                    else AttendanceStatus.ABSENT
                )
            services.record_attendance(actor=coach, session=session, statuses=statuses, today=today)
            services.save_report(actor=coach, session=session, report=REPORTS[k])
            count += 1
        for k, (theme, place, children) in enumerate(COMING):
            date = _on(today + datetime.timedelta(days=3 + 21 * k), 1 + 2 * offset)
            services.plan_session(
                actor=coach,
                cohorts=[cohort],
                date=date,
                start_time=datetime.time(10, 0),
                end_time=datetime.time(12, 0),
                place=place,
                theme=theme,
                facilitators=[coach] + ([users["partner.mik"]] if children else []),
                children_welcome=children,
                childcare_arranged=children,
                childcare_organisation=mik if children else None,
                today=today,
            )
            count += 1
    both = list(cohorts.values())
    if both:
        services.plan_session(
            actor=users["projectleider"],
            cohorts=both,
            date=_on(today + datetime.timedelta(days=35), 2),
            start_time=datetime.time(14, 0),
            end_time=datetime.time(17, 0),
            place="Centre Céramique, Maastricht",
            theme="Droommoedersdag: beide groepen samen",
            description="Workshops, lunch en een fotograaf. "
            "Kinderen zijn welkom; MIK verzorgt de opvang.",
            facilitators=[users["coach.trajekt"], users["coach.bjz"], users["partner.mik"]],
            children_welcome=True,
            childcare_arranged=True,
            childcare_organisation=mik,
            today=today,
        )
        count += 1
    return {"group meetings": count}
