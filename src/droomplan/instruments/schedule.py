"""The measurement schedule: pure functions, no database.

A participant's trajectory has measurement occasions: the baseline (within
`baseline_window_weeks` of the start), a follow-up every `follow_up_months` months after the
start, and one at the end. Every occasion has a window of `baseline_window_weeks` weeks on
either side of its target date: it *opens* that many weeks before the target and is *due*
that many weeks after it. The occasion lasts until the next one opens, so a late measurement
still counts. The baseline opens at any time before the start (a measurement at intake counts).

For every scheduled instrument (`Instrument.scheduled`: PSS-10, participation ladder, Bridge and
executive skills) and every occasion the state on `today` is:

- `done`: a measurement of that instrument was taken in the occasion's period;
- `upcoming`: the occasion has not opened yet;
- `due`: open, not yet measured, the due date not passed;
- `overdue`: the due date has passed and the next occasion has not opened yet;
- `missed`: the next occasion has opened (or, for the end, the window after the due date has
  passed): it is too late to catch up.

Follow-ups that fall in the end occasion's window are replaced by the end measurement. A
participant who has not started (no start date) has no schedule."""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

DONE = "done"
UPCOMING = "upcoming"
DUE = "due"
OVERDUE = "overdue"
MISSED = "missed"

BASELINE = "baseline"
FOLLOW_UP = "follow_up"
END = "end"

MAX_OCCASIONS = 200


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the last day of the month when it does not exist
    (31 August + 6 months = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Occasion:
    kind: str  # baseline, follow_up, end
    months: int  # months after the start for a follow-up; 0 otherwise
    target: datetime.date
    opens_on: datetime.date
    due_on: datetime.date
    closes_on: datetime.date  # exclusive: the next occasion opens

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.months}" if self.kind == FOLLOW_UP else self.kind

    @property
    def label(self) -> str:
        if self.kind == BASELINE:
            return _("baseline")
        if self.kind == END:
            return _("end measurement")
        return _("follow-up after %(months)s months") % {"months": self.months}


@dataclass(frozen=True)
class Entry:
    occasion: Occasion
    instrument: str
    state: str
    measured_on: datetime.date | None = None


def occasions(
    *,
    start_date: datetime.date,
    end_date: datetime.date | None,
    today: datetime.date,
    baseline_window_weeks: int = 4,
    follow_up_months: int = 6,
) -> list[Occasion]:
    """The occasions of one trajectory. Without an end date the follow-ups run until the first
    one that has not opened on `today` (the next one is shown as upcoming)."""
    window = datetime.timedelta(weeks=max(1, baseline_window_weeks))
    step = max(1, follow_up_months)
    # (kind, months, target, opens_on, due_on); closes_on is filled in afterwards
    planned: list[list] = [[BASELINE, 0, start_date, start_date - window, start_date + window]]
    end_opens = end_date - window if end_date else None
    k = 1
    while len(planned) < MAX_OCCASIONS:
        target = add_months(start_date, k * step)
        opens, due = target - window, target + window
        if end_date is not None:
            if due >= end_opens:
                break
        elif planned[-1][3] > today:
            break
        opens = max(opens, planned[-1][4] + datetime.timedelta(days=1))
        planned.append([FOLLOW_UP, k * step, target, opens, max(due, opens)])
        k += 1
    if end_date is not None:
        previous_due = planned[-1][4]
        if end_date + window > previous_due:
            opens = max(end_opens, previous_due + datetime.timedelta(days=1))
            planned.append([END, 0, end_date, opens, end_date + window])
    result = []
    for n, (kind, months, target, opens, due) in enumerate(planned):
        if n + 1 < len(planned):
            closes = planned[n + 1][3]
        elif kind == END:
            closes = due + window
        else:  # open-ended trajectory: the last generated follow-up lasts until the next opens
            closes = add_months(start_date, (months // step + 1) * step) - window
            closes = max(closes, due + datetime.timedelta(days=1))
        result.append(Occasion(kind, months, target, opens, due, closes))
    return result


def _plan_and_taken(
    *,
    start_date: datetime.date,
    end_date: datetime.date | None,
    today: datetime.date,
    taken: Iterable[tuple[str, datetime.date]],
    baseline_window_weeks: int,
    follow_up_months: int,
) -> tuple[list[Occasion], dict[str, list[datetime.date]]]:
    """Her occasions, and the dates of her measurements per instrument code."""
    plan = occasions(
        start_date=start_date,
        end_date=end_date,
        today=today,
        baseline_window_weeks=baseline_window_weeks,
        follow_up_months=follow_up_months,
    )
    by_instrument: dict[str, list[datetime.date]] = {}
    for code, day in taken:
        by_instrument.setdefault(code, []).append(day)
    return plan, by_instrument


def _in_window(occasion: Occasion, dates: Iterable[datetime.date]) -> list[datetime.date]:
    """The measurement dates that count for this occasion: from its opening (any time before
    it, for the baseline) until it closes."""
    starts = datetime.date.min if occasion.kind == BASELINE else occasion.opens_on
    return [d for d in dates if starts <= d < occasion.closes_on]


def _state_unmeasured(occasion: Occasion, today: datetime.date) -> str:
    """The state on `today` of an occasion with no measurement in its window."""
    if today < occasion.opens_on:
        return UPCOMING
    if today <= occasion.due_on:
        return DUE
    if today < occasion.closes_on:
        return OVERDUE
    return MISSED


def _reminder_order(state: str, occasion: Occasion) -> tuple[bool, datetime.date]:
    """Overdue first, then by the occasion's target date."""
    return (state != OVERDUE, occasion.target)


def schedule(
    *,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    today: datetime.date,
    taken: Iterable[tuple[str, datetime.date]],
    instruments: Sequence[str],
    baseline_window_weeks: int = 4,
    follow_up_months: int = 6,
) -> list[Entry]:
    """Every occasion × scheduled instrument with its state on `today`. `taken` is the
    (instrument code, date) of her measurements."""
    if start_date is None or not instruments:
        return []
    plan, by_instrument = _plan_and_taken(
        start_date=start_date,
        end_date=end_date,
        today=today,
        taken=taken,
        baseline_window_weeks=baseline_window_weeks,
        follow_up_months=follow_up_months,
    )
    entries = []
    for occasion in plan:
        for code in instruments:
            measured = min(_in_window(occasion, by_instrument.get(code, ())), default=None)
            state = DONE if measured is not None else _state_unmeasured(occasion, today)
            entries.append(Entry(occasion, code, state, measured))
    return entries


@dataclass
class Reminder:
    """What to show on the caseload: the occasion that needs a measurement now."""

    state: str  # due or overdue
    occasion: Occasion
    instruments: tuple[str, ...]
    instrument_names: list[str] = field(default_factory=list)  # filled in by the selector


def reminders(entries: Iterable[Entry]) -> list[Reminder]:
    """The due and overdue occasions with their instruments, overdue first."""
    grouped: dict[tuple[str, str], list[str]] = {}
    found: dict[str, Occasion] = {}
    for entry in entries:
        if entry.state in (DUE, OVERDUE):
            grouped.setdefault((entry.state, entry.occasion.key), []).append(entry.instrument)
            found[entry.occasion.key] = entry.occasion
    ordered = sorted(grouped, key=lambda key: _reminder_order(key[0], found[key[1]]))
    return [Reminder(state, found[key], tuple(grouped[state, key])) for state, key in ordered]


def due_reminders(
    *,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    today: datetime.date,
    taken: Iterable[tuple[str, datetime.date]],
    instruments: Sequence[str],
    baseline_window_weeks: int = 4,
    follow_up_months: int = 6,
) -> list[Reminder]:
    """`reminders(schedule(...))` without the entries: only the occasions open on `today` can
    be due or overdue, so the others are not looked at (the caseload computes this for every
    family of a page). The same reminders in the same order (test_schedule.py compares them)."""
    if start_date is None or not instruments:
        return []
    plan, by_instrument = _plan_and_taken(
        start_date=start_date,
        end_date=end_date,
        today=today,
        taken=taken,
        baseline_window_weeks=baseline_window_weeks,
        follow_up_months=follow_up_months,
    )
    found = []
    for occasion in plan:
        state = _state_unmeasured(occasion, today)
        if state not in (DUE, OVERDUE):
            continue
        missing = tuple(
            code for code in instruments if not _in_window(occasion, by_instrument.get(code, ()))
        )
        if missing:
            found.append(Reminder(state, occasion, missing))
    found.sort(key=lambda r: _reminder_order(r.state, r.occasion))
    return found
