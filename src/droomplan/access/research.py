"""The pseudonymised research export for the university (see docs/privacy-rights.md).

One JSON document about the mothers who agreed to take part in research (`ResearchConsent`,
valid on the day of the export) and whose trajectory has started. Per mother a random, stable
pseudonym, her quasi-identifiers generalised (`anonymity`: municipality, birth years, children,
start year) and the structured facts each app gives through the optional
`research(participant) -> dict` of its personal_data module, with every date turned into whole
months since her start month. No names, no free text, no case number or database id, no exact
date. The export is refused when a group of mothers who share every quasi-identifier is smaller
than `RESEARCH_EXPORT_MIN_K` (default 5).

Only for the analyst role; every export is logged (one entry for the export, and one per
participant so it shows in her access overview; a refusal leaves one entry)."""

import datetime
import json
import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.audit.models import Action, Outcome, ResearchPseudonym
from droomplan.audit.services import record, record_many

from . import anonymity
from .models import ResearchConsent
from .parts import parts
from .policy.base import model

FORMAT_VERSION = 2
DEFAULT_MIN_K = 5
DATES = "months since her start month (0: the month she started; -1: the month before)"


class ResearchExportRefused(Exception):
    """The export would let a small group of mothers be recognised; nothing was written."""

    def __init__(self, *, smallest: int, k: int, count: int):
        self.smallest, self.k, self.count = smallest, k, count
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.count < self.k:
            return _(
                "The research export is refused: %(count)d mother(s) agreed to take part, and "
                "at least %(k)d are needed so that no one can be recognised."
            ) % {"count": self.count, "k": self.k}
        return _(
            "The research export is refused: the smallest group of mothers who share "
            "municipality, birth years, children and start year would be %(smallest)d, "
            "and at least %(k)d are needed."
        ) % {"smallest": self.smallest, "k": self.k}


def min_k() -> int:
    return int(getattr(settings, "RESEARCH_EXPORT_MIN_K", DEFAULT_MIN_K))


def participants(today: datetime.date | None = None) -> QuerySet:
    """The mothers in the export: research consent valid today, trajectory started."""
    today = today or timezone.localdate()
    consented = ResearchConsent.valid_on(today).values("participant_id")
    return (
        model("cases.Participant")
        .objects.filter(pk__in=consented, start_date__isnull=False)
        .select_related("programme", "municipality", "cohort")
        .prefetch_related("children", "status_changes")
        .order_by("pk")
    )


def _new_pseudonym() -> str:
    return f"P{secrets.token_hex(6).upper()}"


def pseudonyms(people: list) -> dict[int, str]:
    """Each participant's research pseudonym, created (random) the first time (3 queries)."""
    ids = [p.pk for p in people]
    existing = dict(
        ResearchPseudonym.objects.filter(participant_id__in=ids).values_list(
            "participant_id", "pseudonym"
        )
    )
    missing = [pk for pk in ids if pk not in existing]
    if missing:
        for _attempt in range(5):  # a clash of 48 random bits is rare; try again if it happens
            try:
                with transaction.atomic():
                    ResearchPseudonym.objects.bulk_create(
                        [
                            ResearchPseudonym(participant_id=pk, pseudonym=_new_pseudonym())
                            for pk in missing
                        ]
                    )
                break
            except IntegrityError:
                continue
        existing = dict(
            ResearchPseudonym.objects.filter(participant_id__in=ids).values_list(
                "participant_id", "pseudonym"
            )
        )
    return existing


def quasi_identifiers(participant) -> anonymity.Person:
    return anonymity.Person(
        municipality=participant.municipality.cbs_code,
        birth_year=participant.birth_date.year,
        children=len(participant.children.all()),
        start_year=participant.start_date.year,
    )


def months_since(day: datetime.date, start: datetime.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def _month_key(key: str) -> str:
    for suffix in ("_date", "_on", "_at"):
        if key.endswith(suffix):
            return key[: -len(suffix)] + "_month"
    return "month" if key in {"date", "on", "at"} else key


def relative_dates(value, start: datetime.date):
    """`value` with every date (and datetime) as whole months since `start`, and the keys of
    date fields renamed (`registered_on` → `registered_month`, `date` → `month`)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return months_since(value, start)
    if isinstance(value, dict):
        return {_month_key(k): relative_dates(v, start) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [relative_dates(v, start) for v in value]
    return value


def rows(people: list, profiles: list[dict]) -> list[dict]:
    ids = pseudonyms(people)
    research_parts = [part for part in parts() if part.has("research")]
    return [
        {
            "id": ids[p.pk],
            "profile": profile,
            **{
                part.label: relative_dates(part.module.research(p), p.start_date)
                for part in research_parts
            },
        }
        for p, profile in zip(people, profiles, strict=True)
    ]


def export(*, actor=None, detail: str = "", today: datetime.date | None = None) -> dict:
    """The export document, logged: one `export` entry, and one entry per participant.
    Raises ResearchExportRefused (logged, nothing written) below the configured k."""
    k = min_k()
    people = list(participants(today))
    chosen = anonymity.choose_levels([quasi_identifiers(p) for p in people], k)
    smallest = anonymity.smallest_group(chosen.profiles)  # the check on what is written
    if smallest < k:
        record(
            request=None,
            user=actor,
            action=Action.EXPORT,
            object_type="research_export",
            outcome=Outcome.DENIED,
            detail=f"refused: smallest group {smallest} < k {k} ({len(people)} consented)",
        )
        raise ResearchExportRefused(smallest=smallest, k=k, count=len(people))
    data = {
        "format": "droomplan-research",
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "participant_count": len(people),
        "dates": DATES,
        "k_anonymity": {
            "k": k,
            "smallest_group": smallest,
            "groups": len(anonymity.group_sizes(chosen.profiles)),
            "quasi_identifiers": list(anonymity.QUASI_IDENTIFIERS),
            "generalisation": chosen.describe(),
        },
        "participants": rows(people, chosen.profiles),
    }
    record(
        request=None,
        user=actor,
        action=Action.EXPORT,
        object_type="research_export",
        detail=(detail or f"{len(people)} participants, k={smallest}")[:300],
    )
    record_many(
        request=None,
        user=actor,
        action=Action.EXPORT,
        object_type="research_export",
        participants=people,
        detail="pseudonymised",
    )
    return data


def to_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
