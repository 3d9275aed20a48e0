"""The measurements' part of the mother's privacy rights (see docs/privacy-rights.md): every
measurement with its answers and scores. Anonymising removes the free-text note and keeps the
figures (answers, scores, dates), so the outcome report still counts them."""

from .models import Measurement

LABEL = "measurements"


def _rows(participant):
    return (
        Measurement.objects.filter(participant=participant)
        .select_related("instrument", "recorded_by")
        .order_by("taken_on", "pk")
    )


def export(participant) -> list:
    return [
        {
            "instrument": m.instrument.code,
            "instrument_name": m.instrument.display_name,
            "taken_on": m.taken_on,
            "answers": m.answers,
            "total": m.total,
            "scores_per_group": m.group_scores,
            "band": m.band_label,
            "note": m.note,
            "recorded_by": str(m.recorded_by) if m.recorded_by else "",
            "filled_in_by": m.get_filled_in_by_display(),
            "recorded_at": m.created_at,
        }
        for m in _rows(participant)
    ]


def anonymise(participant) -> int:
    """Remove the notes; answers, scores and dates stay (they are figures, not words)."""
    return Measurement.objects.filter(participant=participant).exclude(note="").update(note="")


def research(participant) -> dict:
    """In the shape of the exchange format: instrument code, date, answers, total."""
    return {
        "measurements": [
            {
                "instrument": m.instrument.code,
                "taken_on": m.taken_on,
                "answers": m.answers,
                "total": m.total,
            }
            for m in _rows(participant)
        ]
    }
