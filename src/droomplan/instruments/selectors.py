"""Reads of instruments and measurements. Callers have loaded the participant through
`access.shortcuts.get_participant`; the life domains the user may see limit which instruments
(and which Bridge/ZRM items) are shown."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from droomplan.access.policy import Verb, can_in_every_domain
from droomplan.core import dataversion
from droomplan.programmes.models import Programme

from . import progress
from . import schedule as sched
from .models import (
    Instrument,
    Item,
    ItemLabel,
    Measurement,
    ProgrammeInstrumentVersion,
    translated,
)


def instruments(*, active_only: bool = False) -> list[Instrument]:
    """Every instrument with its items (two queries)."""
    qs = Instrument.objects.prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("order", "pk"))
    )
    if active_only:
        qs = qs.filter(active=True)
    return list(qs)


def instrument_map(*, active_only: bool = False) -> dict[str, Instrument]:
    return {i.code: i for i in instruments(active_only=active_only)}


def visible_instruments(domains, *, active_only: bool = False) -> list[Instrument]:
    return [i for i in instruments(active_only=active_only) if i.visible_to(domains)]


def programme_versions(instrument: Instrument) -> dict:
    """Programme id → the version of `instrument` it chose (only programmes that chose)."""
    return {
        row.programme_id: row.version
        for row in ProgrammeInstrumentVersion.objects.filter(instrument=instrument).select_related(
            "version"
        )
    }


def item_labels(programme_id, instrument: Instrument | None = None) -> dict[int, str]:
    """The programme's licensed wording per item pk."""
    qs = ItemLabel.objects.filter(programme_id=programme_id)
    if instrument is not None:
        qs = qs.filter(item__instrument=instrument)
    return dict(qs.values_list("item_id", "label"))


def measurements_of(participant, instruments_by_pk: dict[int, Instrument]) -> list[Measurement]:
    """Her measurements of these instruments, oldest first (one query; the instrument objects
    are the given ones, so their items are not fetched again)."""
    result = list(
        Measurement.objects.filter(
            participant=participant, instrument_id__in=list(instruments_by_pk)
        )
        .select_related("instrument_version")
        .order_by("taken_on", "pk")
    )
    for m in result:
        m.instrument = instruments_by_pk[m.instrument_id]
    return result


@dataclass
class ScheduleView:
    entries: list[sched.Entry]
    reminders: list[sched.Reminder]
    occasions: list[sched.Occasion] = field(default_factory=list)

    def entry(self, occasion_key: str, code: str) -> sched.Entry | None:
        for e in self.entries:
            if e.occasion.key == occasion_key and e.instrument == code:
                return e
        return None


def schedule_for(
    participant,
    *,
    taken: Iterable[tuple[str, datetime.date]],
    scheduled_codes: list[str],
    programme: Programme | None = None,
    today: datetime.date | None = None,
) -> ScheduleView:
    today = today or timezone.localdate()
    programme = programme or participant.programme
    entries = sched.schedule(
        start_date=participant.start_date,
        end_date=participant.end_date,
        today=today,
        taken=list(taken),
        instruments=scheduled_codes,
        baseline_window_weeks=programme.baseline_window_weeks,
        follow_up_months=programme.follow_up_months,
    )
    seen: dict[str, sched.Occasion] = {}
    for e in entries:
        seen.setdefault(e.occasion.key, e.occasion)
    return ScheduleView(entries, sched.reminders(entries), list(seen.values()))


@dataclass(frozen=True)
class ScheduleSettings:
    """What every family's measurement schedule is computed from besides her own dates and
    measurements."""

    # (pk, code, name as stored) of the scheduled instruments in use, in schedule order
    instruments: tuple[tuple[int, str, str], ...]
    # programme pk -> (baseline_window_weeks, follow_up_months)
    programmes: dict[int, tuple[int, int]]


def schedule_settings(*, fresh: bool = False) -> ScheduleSettings:
    """The scheduled instruments and the programmes' schedule settings: the same on every
    caseload page, so each process keeps them under the data version of
    `dataversion.MEASUREMENT_SCHEDULE` (a save or delete of an instrument or a programme
    changes it, in every process: `instruments.apps`). A read of the shared cache while they
    are unchanged; two queries when they changed (or with `fresh`)."""
    if fresh:
        dataversion.bump(dataversion.MEASUREMENT_SCHEDULE)
    return dataversion.kept(
        "instruments.schedule-settings",
        depends_on=(dataversion.MEASUREMENT_SCHEDULE,),
        compute=_schedule_settings,
    )


def _schedule_settings() -> ScheduleSettings:
    return ScheduleSettings(
        instruments=tuple(
            Instrument.objects.filter(scheduled=True, active=True)
            .order_by("order", "code")
            .values_list("pk", "code", "name")
        ),
        programmes={
            pk: (window, months)
            for pk, window, months in Programme.objects.values_list(
                "pk", "baseline_window_weeks", "follow_up_months"
            )
        },
    )


def attach_reminders(participants, *, today: datetime.date | None = None) -> None:
    """Set `measurement_reminders` (a list of schedule.Reminder with `instrument_names`) on
    each participant of a page: one query (their measurements) however many participants and
    measurements, besides the kept `schedule_settings`."""
    participants = list(participants)
    if not participants:
        return
    today = today or timezone.localdate()
    settings = schedule_settings()
    if any(p.programme_id not in settings.programmes for p in participants):
        # a programme written without a signal: every process reads them again
        settings = schedule_settings(fresh=True)
    codes = [code for _pk, code, _name in settings.instruments]
    code_of = {pk: code for pk, code, _name in settings.instruments}
    taken: dict[int, list] = {}
    started = [p.pk for p in participants if p.start_date]
    if codes and started:
        rows = Measurement.objects.filter(
            participant_id__in=started, instrument_id__in=list(code_of)
        ).values_list("participant_id", "instrument_id", "taken_on")
        for participant_id, instrument_id, taken_on in rows:
            taken.setdefault(participant_id, []).append((code_of[instrument_id], taken_on))
    names: dict[str, str] = {}
    for p in participants:
        window, months = settings.programmes[p.programme_id]
        reminders = sched.due_reminders(
            start_date=p.start_date,
            end_date=p.end_date,
            today=today,
            taken=taken.get(p.pk, ()),
            instruments=codes,
            baseline_window_weeks=window,
            follow_up_months=months,
        )
        for reminder in reminders:
            if len(reminder.instruments) < len(codes):
                if not names:
                    names = {code: translated(name) for _pk, code, name in settings.instruments}
                reminder.instrument_names = [names[c] for c in reminder.instruments]
        p.measurement_reminders = reminders


def progress_context(user, participant, domains) -> dict:
    """What the list page and the case-page section show (constant queries)."""
    all_instruments = instruments()
    visible = [i for i in all_instruments if i.visible_to(domains)]
    measurements = measurements_of(participant, {i.pk: i for i in visible})
    scheduled = [i for i in visible if i.scheduled and i.active and i.fully_visible_to(domains)]
    schedule = schedule_for(
        participant,
        taken=[(m.instrument.code, m.taken_on) for m in measurements],
        scheduled_codes=[i.code for i in scheduled],
    )
    names = {i.code: i.display_name for i in all_instruments}
    for reminder in schedule.reminders:
        reminder.instrument_names = [names[c] for c in reminder.instruments]
    enterable = [
        i
        for i in visible
        if i.active and can_in_every_domain(user, Verb.EDIT, participant, i.life_domains())
    ]
    by_instrument = []
    for instrument in visible:
        rows = [m for m in measurements if m.instrument_id == instrument.pk]
        if rows:
            show_total = instrument.shows_total and instrument.fully_visible_to(domains)
            by_instrument.append((instrument, list(reversed(rows)), show_total))
    return {
        "participant": participant,
        "measurements": measurements,
        "by_instrument": by_instrument,
        "progress": progress.build(visible, measurements, domains),
        "schedule": schedule,
        "schedule_rows": _schedule_rows(schedule, scheduled),
        "scheduled": scheduled,
        "can_enter": bool(enterable),
    }


def _schedule_rows(schedule, scheduled) -> list[dict]:
    """One row per occasion that is not far in the future: its dates and each instrument's
    state, for a table on the case page."""
    rows = []
    for occasion in schedule.occasions:
        entries = [schedule.entry(occasion.key, i.code) for i in scheduled]
        rows.append({"occasion": occasion, "entries": [e for e in entries if e]})
    return rows


@dataclass
class SelfReport:
    """A questionnaire she may fill in herself now (her portal)."""

    instrument: Instrument
    state: str  # due or overdue (from the schedule), or due (not on the schedule)


def self_reports_due(participant, *, today: datetime.date | None = None) -> list[SelfReport]:
    """The self-report questionnaires (`Instrument.self_report`) that are due for her now: a
    scheduled one (PSS-10) when the measurement schedule says due or overdue; one that is not
    on the schedule (Positieve Gezondheid) when she has not filled it in within the programme's
    follow-up period. Nothing before her trajectory has started. Three queries."""
    today = today or timezone.localdate()
    if participant.start_date is None or participant.end_date is not None:
        return []
    own = [i for i in instruments(active_only=True) if i.self_report]
    if not own:
        return []
    by_pk = {i.pk: i for i in own}
    taken = [(m.instrument.code, m.taken_on) for m in measurements_of(participant, by_pk)]
    programme = participant.programme
    scheduled = [i.code for i in own if i.scheduled]
    view = schedule_for(
        participant,
        taken=taken,
        scheduled_codes=scheduled,
        programme=programme,
        today=today,
    )
    states: dict[str, str] = {}
    for entry in view.entries:
        if entry.state in (sched.DUE, sched.OVERDUE):
            states.setdefault(entry.instrument, entry.state)
    since = sched.add_months(today, -programme.follow_up_months)
    for instrument in own:
        if instrument.scheduled:
            continue
        if not any(code == instrument.code and day > since for code, day in taken):
            states[instrument.code] = sched.DUE
    return [SelfReport(i, states[i.code]) for i in own if i.code in states]


def results_in_words(participant):
    """Her results in plain words for her portal (`in_words`): three queries (instruments,
    their items, her measurements)."""
    from .in_words import results_in_words as in_words

    every = instruments()
    return in_words(every, measurements_of(participant, {i.pk: i for i in every}))
