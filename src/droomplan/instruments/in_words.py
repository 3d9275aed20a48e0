"""Her results in plain words, for the mother herself (her portal, "Zo gaat het").

No second rule: whether a result went up or down, and whether that is better, comes from
`progress.build` (`SummaryRow.change` and `verdict`, the same as the coach's charts); the
rungs of the participation ladder from `definitions.LADDER_RUNGS`; the Bridge pillars from
the instrument's own groups. This module only puts them into short B1 sentences and into
plain data for a simple picture (CSS bars and a ladder, each with its text). No database
access: the caller loads the instruments and measurements."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from droomplan.core.domains import LifeDomain

from .definitions import LADDER_RUNGS
from .models import translated
from .progress import build

# What each questionnaire is about, in her words (never its code).
PLAIN_NAMES = {
    "pss-10": gettext_lazy("Stress"),
    "participatieladder": gettext_lazy("Taking part (the participation ladder)"),
    "brug": gettext_lazy("Managing on your own (the Bridge)"),
    "executive-skills": gettext_lazy("Planning and keeping going"),
    "positieve-gezondheid": gettext_lazy("How you feel (Positive Health)"),
    "zrm": gettext_lazy("Managing on your own (the self-reliance matrix)"),
}
# The sentence per verdict; `stress` reads "went down" where lower is better.
STRESS_SENTENCES = {
    "down": gettext_lazy("Your stress has gone down since the start."),
    "up": gettext_lazy("Your stress has gone up since the start."),
    "same": gettext_lazy("Your stress is the same as at the start."),
}
BAND_WORDS = {
    "low": gettext_lazy("little stress"),
    "moderate": gettext_lazy("some stress"),
    "high": gettext_lazy("a lot of stress"),
}


@dataclass
class Bar:
    label: str
    start: int | None
    now: int | None
    max: int

    @property
    def start_percent(self) -> int:
        return round(100 * (self.start or 0) / self.max) if self.max else 0

    @property
    def now_percent(self) -> int:
        return round(100 * (self.now or 0) / self.max) if self.max else 0


@dataclass
class Result:
    code: str
    title: str
    sentence: str
    times: int
    last_on: object  # a date
    detail: str = ""
    ladder: list[dict] = field(default_factory=list)  # rungs, top first
    bars: list[Bar] = field(default_factory=list)


def plain_name(instrument) -> str:
    name = PLAIN_NAMES.get(instrument.code)
    return str(name) if name is not None else instrument.display_name


def _generic_sentence(row) -> str:
    if row.count < 2:
        return _("You filled this in once. Next time you will see here what changed.")
    change = row.change
    if change is None:
        return _("Filled in %(count)d times. Talk about it with your coach.") % {"count": row.count}
    if change == 0:
        return _("The same as at the start.")
    if row.is_better:
        return _("Better than at the start.")
    return _("Less good than at the start.")


def _stress(row, instrument) -> tuple[str, str]:
    latest = row.latest
    now = _("Now: %(band)s.") % {"band": BAND_WORDS.get(latest.band, latest.band_label)}
    if row.count < 2 or row.change is None:
        first = _("You filled this in once. Next time you will see here what changed.")
        return first, now
    key = "same" if row.change == 0 else ("down" if row.change < 0 else "up")
    return str(STRESS_SENTENCES[key]), now


def _ladder(row) -> tuple[str, list[dict]]:
    start, now = row.baseline.total, row.latest.total
    rungs = [
        {
            "number": number,
            "label": translated(label).split(" ", 1)[-1],
            "now": number == now,
            "start": number == start and row.count > 1,
        }
        for number, label in sorted(LADDER_RUNGS.items(), reverse=True)
    ]
    if row.count < 2 or now == start:
        sentence = _("You are on step %(now)d of 6.") % {"now": now}
    elif now > start:
        sentence = _("You went up from step %(start)d to step %(now)d of 6.") % {
            "start": start,
            "now": now,
        }
    else:
        sentence = _("You are now on step %(now)d of 6 (at the start: step %(start)d).") % {
            "start": start,
            "now": now,
        }
    return sentence, rungs


def _bridge(row, instrument) -> tuple[str, list[Bar]]:
    bars = []
    for item in instrument.item_list:
        start = row.baseline.answers.get(item.code)
        now = row.latest.answers.get(item.code)
        bars.append(
            Bar(instrument.group_label(item.group), start if row.count > 1 else None, now, 5)
        )
    up = sum(1 for b in bars if b.start is not None and b.now is not None and b.now > b.start)
    if row.count < 2:
        sentence = _("One step from 1 to 5 for each part of your life. Higher is better.")
    elif up:
        sentence = _("You went up on %(count)d of the %(total)d parts since the start.") % {
            "count": up,
            "total": len(bars),
        }
    else:
        sentence = _("The same as at the start, or a little less. Talk about it with your coach.")
    return sentence, bars


def results_in_words(instruments, measurements) -> list[Result]:
    """One result per questionnaire she has filled in or that was filled in with her, in the
    order of the instruments."""
    progress = build(instruments, measurements, set(LifeDomain.values))  # all of her own
    results = []
    for row in progress.summary:
        instrument = row.instrument
        result = Result(
            code=instrument.code,
            title=plain_name(instrument),
            sentence="",
            times=row.count,
            last_on=row.latest.taken_on,
        )
        if instrument.code == "pss-10":
            result.sentence, result.detail = _stress(row, instrument)
        elif instrument.code == "participatieladder":
            result.sentence, result.ladder = _ladder(row)
        elif instrument.code == "brug":
            result.sentence, result.bars = _bridge(row, instrument)
        else:
            result.sentence = _generic_sentence(row)
        results.append(result)
    return results
