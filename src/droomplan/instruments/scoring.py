"""Scoring of questionnaires: pure functions over an instrument definition and answers.

An instrument is data (items with a range, reverse-scored flag and group); scoring is the same
for every instrument: reverse-scored items count as (min + max − answer), the total is the sum
of all items, and each group's score is the sum of its items."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ItemDef:
    code: str
    min_value: int
    max_value: int
    reverse: bool = False
    group: str = ""
    label: str = ""


@dataclass(frozen=True)
class InstrumentDef:
    code: str
    items: Sequence[ItemDef]
    higher_is_better: bool = True
    bands: Sequence[tuple[int, int, str]] = field(default_factory=tuple)  # (low, high, code)

    @property
    def min_total(self) -> int:
        return sum(i.min_value for i in self.items)

    @property
    def max_total(self) -> int:
        return sum(i.max_value for i in self.items)


@dataclass(frozen=True)
class Score:
    total: int
    groups: dict[str, int]
    band: str = ""


class AnswerError(ValueError):
    """Answers that do not fit the instrument; `problems` maps item code ('' = general) to a
    message in the active language."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in problems.items()))
        self.problems = problems


def validate_answers(instrument: InstrumentDef, answers: Mapping[str, object]) -> dict[str, int]:
    """Every item answered with a whole number within its range, and nothing else."""
    problems: dict[str, str] = {}
    known = {item.code for item in instrument.items}
    for code in answers:
        if code not in known:
            problems[str(code)] = _("this question is not part of the questionnaire")
    clean: dict[str, int] = {}
    for item in instrument.items:
        value = answers.get(item.code)
        if value is None or value == "":
            problems[item.code] = _("missing answer")
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                if isinstance(value, (bool, float)):
                    raise ValueError
                value = int(str(value).strip())
            except ValueError:
                problems[item.code] = _("not a whole number")
                continue
        if not item.min_value <= value <= item.max_value:
            problems[item.code] = _("must be between %(min)s and %(max)s") % {
                "min": item.min_value,
                "max": item.max_value,
            }
            continue
        clean[item.code] = value
    if problems:
        raise AnswerError(problems)
    return clean


def item_score(item: ItemDef, answer: int) -> int:
    return item.min_value + item.max_value - answer if item.reverse else answer


def score(instrument: InstrumentDef, answers: Mapping[str, object]) -> Score:
    """Validate and score. Raises AnswerError for missing, unknown or out-of-range answers."""
    clean = validate_answers(instrument, answers)
    total = 0
    groups: dict[str, int] = {}
    for item in instrument.items:
        value = item_score(item, clean[item.code])
        total += value
        if item.group:
            groups[item.group] = groups.get(item.group, 0) + value
    band = next((code for low, high, code in instrument.bands if low <= total <= high), "")
    return Score(total=total, groups=groups, band=band)


def strengths_and_challenges(groups: Mapping[str, int], n: int = 3) -> tuple[list, list]:
    """The n highest and n lowest group scores (ties in the instrument's order)."""
    ordered = list(groups.items())
    by_high = sorted(ordered, key=lambda kv: -kv[1])[:n]
    by_low = sorted(ordered, key=lambda kv: kv[1])[:n]
    return [k for k, _v in by_high], [k for k, _v in by_low]
