"""The measurements' part of the mother's privacy rights (see docs/privacy-rights.md): every
measurement with its answers and scores. Anonymising removes the free-text note and keeps the
figures (answers, scores, dates), so the outcome report still counts them."""

from .models import Measurement, translated

LABEL = "measurements"


def _rows(participant):
    return (
        Measurement.objects.filter(participant=participant)
        .select_related("instrument", "instrument_version", "recorded_by")
        .order_by("taken_on", "pk")
    )


def export(participant) -> list:
    return [
        {
            "instrument": m.instrument.code,
            "instrument_name": m.instrument.display_name,
            "version": m.instrument_version.code,
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


def for_reading(content: list) -> list:
    """Her measurements for the readable document: the questionnaire by name (never its code),
    every answer next to its question, the score per part by the part's name, and what the
    answers mean (the scale) once per measurement. The JSON copy keeps `export` as it is."""
    from .definitions import SCALE_HINTS, VALUE_LABELS
    from .in_words import plain_name
    from .selectors import instrument_map

    instruments = instrument_map()
    readable = []
    for row in content:
        instrument = instruments.get(row.get("instrument"))
        if instrument is None:
            readable.append(row)
            continue
        values = VALUE_LABELS.get(instrument.code, {})
        questions = []
        for item in instrument.item_list:
            if item.code not in row["answers"]:
                continue
            answer = row["answers"][item.code]
            label = values.get(item.code, {}).get(answer)
            questions.append(
                {
                    "question": item.display_label(),
                    "answer": translated(label) if label else answer,
                }
            )
        hint = SCALE_HINTS.get(instrument.code)
        shown = {
            "instrument_name": f"{plain_name(instrument)} ({instrument.display_name})"
            if plain_name(instrument) != instrument.display_name
            else instrument.display_name,
            "taken_on": row["taken_on"],
            "scale": translated(hint) if hint else "",
            "questions": questions,
        }
        if instrument.shows_total:
            shown["total"] = row["total"]
        if row.get("scores_per_group") and instrument.groups:
            shown["scores_per_group"] = [
                {"part": instrument.group_label(code), "score": score}
                for code, score in row["scores_per_group"].items()
            ]
        shown.update(
            {
                "band": row["band"],
                "note": row["note"],
                "recorded_by": row["recorded_by"],
                "recorded_at": row["recorded_at"],
            }
        )
        readable.append(shown)
    return readable


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
