"""The pseudonymised research export for the university (see docs/privacy-rights.md).

One JSON document: per participant a random, stable pseudonym and the structured facts each
app gives through the optional `research(participant) -> dict` of its personal_data module.
No names, no free text, no case number or database id, birth year instead of date of birth.
Only for the analyst role; every export is logged (one entry for the export, and one per
participant so it shows in her access overview)."""

import json
import secrets

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from droomplan.audit.models import Action, ResearchPseudonym
from droomplan.audit.services import record, record_many

from .parts import parts
from .policy.base import model

FORMAT_VERSION = 1


def participants() -> QuerySet:
    return (
        model("cases.Participant")
        .objects.select_related("programme", "municipality", "cohort")
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


def rows(people: list) -> list[dict]:
    ids = pseudonyms(people)
    research_parts = [part for part in parts() if part.has("research")]
    return [
        {
            "id": ids[p.pk],
            **{part.label: part.module.research(p) for part in research_parts},
        }
        for p in people
    ]


def export(*, actor=None, detail: str = "") -> dict:
    """The export document, logged: one `export` entry, and one entry per participant."""
    people = list(participants())
    data = {
        "format": "droomplan-research",
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "participant_count": len(people),
        "participants": rows(people),
    }
    record(
        request=None,
        user=actor,
        action=Action.EXPORT,
        object_type="research_export",
        detail=(detail or f"{len(people)} participants")[:300],
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
