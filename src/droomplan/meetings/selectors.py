"""Reads for group meetings: the calendar, one meeting, attendance rates, the group page.

Attendance rate = meetings present / meetings whose attendance was recorded. Absent with
notice counts as not present (it is shown next to the rate); meetings still to come or not
recorded yet do not count."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from droomplan.access.policy import Verb, meetings, visible_participants, visible_sessions
from droomplan.accounts.models import User
from droomplan.cases.models import Participant, Status
from droomplan.programmes.models import Cohort

from .models import Attendance, AttendanceStatus, GroupSession


@dataclass
class Rate:
    present: int = 0
    excused: int = 0
    absent: int = 0
    open: int = 0  # invited, not recorded (yet)

    def add(self, status: str) -> None:
        if status == AttendanceStatus.PRESENT:
            self.present += 1
        elif status == AttendanceStatus.EXCUSED:
            self.excused += 1
        elif status == AttendanceStatus.ABSENT:
            self.absent += 1
        else:
            self.open += 1

    @property
    def recorded(self) -> int:
        return self.present + self.excused + self.absent

    @property
    def percentage(self) -> int | None:
        """Whole percent present of the recorded meetings; None when nothing is recorded."""
        if not self.recorded:
            return None
        return round(100 * self.present / self.recorded)


def rate_of(statuses) -> Rate:
    rate = Rate()
    for status in statuses:
        rate.add(status)
    return rate


def _with_lists(qs: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    return qs.prefetch_related(
        "cohorts",
        Prefetch("facilitators", queryset=User.objects.order_by("first_name", "last_name")),
    ).select_related("childcare_organisation")


def _annotate_counts(qs: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    return qs.annotate(
        invited_count=Count("attendances", distinct=True),
        present_count=Count(
            "attendances",
            filter=Q(attendances__status=AttendanceStatus.PRESENT),
            distinct=True,
        ),
        recorded_count=Count("attendances", filter=~Q(attendances__status=""), distinct=True),
    )


def with_counts(qs: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    """These meetings with their groups, facilitators and counts (no names)."""
    return _with_lists(_annotate_counts(qs))


def sessions_with_counts(user) -> QuerySet[GroupSession]:
    """Every meeting this user may see, with its groups and counts (no names)."""
    return with_counts(visible_sessions(user))


def calendar(user, *, start: datetime.date, end: datetime.date) -> list[GroupSession]:
    """The meetings this user may see from `start` to `end` (inclusive), with their groups,
    facilitators and counts (no names): 3 queries."""
    qs = visible_sessions(user).filter(date__gte=start, date__lte=end)
    return list(_with_lists(_annotate_counts(qs)).order_by("date", "start_time", "pk"))


def upcoming(user, *, today: datetime.date | None = None, limit: int = 10) -> list[GroupSession]:
    today = today or timezone.localdate()
    qs = visible_sessions(user).filter(date__gte=today)
    return list(_with_lists(_annotate_counts(qs)).order_by("date", "start_time", "pk")[:limit])


def this_week_for(user, families, *, today: datetime.date | None = None) -> list[GroupSession]:
    """Meetings from today to Sunday that this user facilitates or one of `families` (her
    families) is invited to."""
    today = today or timezone.localdate()
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    qs = (
        visible_sessions(user)
        .filter(date__range=(today, sunday))
        .filter(Q(facilitators=user) | Q(attendances__participant__in=families))
        .distinct()
    )
    return list(qs.order_by("date", "start_time", "pk"))


def my_feed(user, *, today: datetime.date | None = None) -> list[GroupSession]:
    """Upcoming meetings for this user's own calendar: those she facilitates or planned,
    and (for a coach) those her families are invited to; everything for the lead."""
    today = today or timezone.localdate()
    qs = visible_sessions(user).filter(date__gte=today)
    mine = meetings.feed_filter(user)
    if mine is not None:
        qs = qs.filter(pk__in=GroupSession.objects.filter(mine).values("pk"))
    return list(
        qs.prefetch_related("cohorts")
        .select_related("childcare_organisation")
        .order_by("date", "start_time", "pk")
    )


@dataclass
class AttendanceRow:
    attendance: Attendance
    participant: Participant
    name: str  # what this user may see of her name
    full: bool  # her case file is visible to this user (name links to it)


@dataclass
class SessionView:
    session: GroupSession
    rows: list[AttendanceRow] = field(default_factory=list)  # named rows this user may see
    rate: Rate = field(default_factory=Rate)  # the whole meeting, counts only
    hidden: int = 0  # invited mothers not listed by name for this user
    may_manage: bool = False

    @property
    def shown_participants(self) -> list[Participant]:
        return [row.participant for row in self.rows]


def session_view(user, session: GroupSession) -> SessionView:
    """One meeting with the mothers this user may see by name.

    Her coach and the programme lead see her full name (and a link to the case); the
    facilitators and whoever planned it see first name and case number of every invited
    mother (they take the attendance in the room); anyone else sees counts only."""
    attendances = list(
        session.attendances.select_related("participant").order_by(
            "participant__given_name", "participant__family_name", "pk"
        )
    )
    view = SessionView(session=session, may_manage=meetings.can(user, Verb.EDIT, session))
    view.rate = rate_of(a.status for a in attendances)
    own = set(
        visible_participants(user)
        .filter(pk__in=[a.participant_id for a in attendances])
        .values_list("pk", flat=True)
    )
    for attendance in attendances:
        participant = attendance.participant
        if participant.pk in own:
            name, full = participant.full_name, True
        elif view.may_manage:
            name, full = f"{participant.given_name} ({participant.ref})", False
        else:
            view.hidden += 1
            continue
        view.rows.append(AttendanceRow(attendance, participant, name, full))
    return view


@dataclass
class MotherRate:
    participant: Participant
    rate: Rate
    statuses: dict[int, str]  # session pk → status


@dataclass
class CohortView:
    cohort: Cohort
    sessions: list[GroupSession]
    mothers: list[MotherRate]  # the mothers this user may see by name
    rate: Rate  # the whole group
    hidden: int  # mothers of the group not listed for this user
    hidden_rate: Rate


def cohort_view(user, cohort: Cohort, *, today: datetime.date | None = None) -> CohortView:
    """Meetings of one group up to today, attendance per mother (the ones this user may see
    by name) and for the whole group: 4 queries, however many meetings and mothers."""
    today = today or timezone.localdate()
    sessions = list(
        visible_sessions(user)
        .filter(cohorts=cohort, date__lte=today)
        .prefetch_related("cohorts")
        .order_by("date", "start_time", "pk")
    )
    attendances = list(
        Attendance.objects.filter(session__in=[s.pk for s in sessions], participant__cohort=cohort)
        .select_related("participant")
        .only("status", "session_id", "participant")
    )
    visible = set(visible_participants(user).filter(cohort=cohort).values_list("pk", flat=True))
    by_mother: dict[int, MotherRate] = {}
    group = Rate()
    hidden_rate = Rate()
    hidden_mothers = set()
    for attendance in attendances:
        group.add(attendance.status)
        participant = attendance.participant
        if participant.pk not in visible:
            hidden_rate.add(attendance.status)
            hidden_mothers.add(participant.pk)
            continue
        row = by_mother.setdefault(participant.pk, MotherRate(participant, Rate(), {}))
        row.rate.add(attendance.status)
        row.statuses[attendance.session_id] = attendance.status
    mothers = sorted(
        by_mother.values(), key=lambda m: (m.participant.given_name, m.participant.family_name)
    )
    return CohortView(
        cohort=cohort,
        sessions=sessions,
        mothers=mothers,
        rate=group,
        hidden=len(hidden_mothers),
        hidden_rate=hidden_rate,
    )


def participant_attendance(participant: Participant) -> dict:
    """Her meetings (past and coming) and her attendance rate, for the case page (1 query)."""
    attendances = list(
        participant.meeting_attendances.select_related("session").order_by(
            "-session__date", "-session__start_time"
        )
    )
    today = timezone.localdate()
    past = [a for a in attendances if a.session.date <= today]
    coming = [a for a in attendances if a.session.date > today]
    return {
        "past": past,
        "coming": list(reversed(coming)),
        "rate": rate_of(a.status for a in past),
    }


def attendance_summary(participant: Participant) -> tuple[bool, Rate, datetime.date | None]:
    """The case overview's line on her meetings, in one query of two columns: whether she
    was invited to any, her attendance rate (the meetings up to today, as
    `participant_attendance`) and the date of her next meeting."""
    today = timezone.localdate()
    rows = list(participant.meeting_attendances.values_list("status", "session__date"))
    coming = [day for _status, day in rows if day > today]
    rate = rate_of(status for status, day in rows if day <= today)
    return bool(rows), rate, min(coming, default=None)


def invitable_mothers(cohorts: Iterable[Cohort]):
    """The mothers a meeting of these groups is for: active, in one of the groups, not on
    the waiting list."""
    return Participant.objects.filter(
        cohort__in=list(cohorts), status=Status.ACTIVE, on_waiting_list=False
    )
