"""Every instrument gets its versions (executive skills: the adult questionnaire 1-7 and the
Mobility Mentoring variant 1-6); every stored measurement records version 1. The executive
skills items are grouped in the published order (items 13-15 sustained attention, not
flexibility, ...) and every stored executive-skills measurement is re-scored from its answers
(the answers are stored per item, so nothing is lost). What changed is logged (logger
`droomplan.instruments`) and written to the access log of each mother."""

import logging
import math

from django.db import migrations

from droomplan.instruments.definitions import (
    EXECUTIVE_SKILLS,
    GROUP_LABELS,
    shipped_versions,
)

logger = logging.getLogger("droomplan.instruments")


def group_scores(items, answers, scale=None):
    groups = {}
    for item in items:
        if not item.group or item.code not in answers:
            continue
        low, high = scale or (item.min_value, item.max_value)
        value = answers[item.code]
        if item.reverse_scored:
            value = low + high - value
        groups[item.group] = groups.get(item.group, 0) + value
    return groups


def forwards(apps, schema_editor):
    Instrument = apps.get_model("instruments", "Instrument")
    InstrumentVersion = apps.get_model("instruments", "InstrumentVersion")
    Item = apps.get_model("instruments", "Item")
    Measurement = apps.get_model("instruments", "Measurement")
    AccessLogEntry = apps.get_model("audit", "AccessLogEntry")
    versions = shipped_versions()
    for instrument in Instrument.objects.all():
        rows = versions.get(instrument.code) or [
            {"code": "1", "name": "1", "source": "", "order": 1}
        ]
        first = None
        for row in rows:
            version, _created = InstrumentVersion.objects.get_or_create(
                instrument=instrument, code=row["code"], defaults=row
            )
            first = first or version
        if instrument.current_version_id is None:
            instrument.current_version = first
            instrument.save(update_fields=["current_version"])
        Measurement.objects.filter(instrument=instrument, instrument_version__isnull=True).update(
            instrument_version=first
        )

    executive = Instrument.objects.filter(code="executive-skills").first()
    if executive is None:
        return
    items = list(Item.objects.filter(instrument=executive))
    for item in items:
        if item.code.isdigit() and 1 <= int(item.code) <= 36:
            group = EXECUTIVE_SKILLS[math.ceil(int(item.code) / 3) - 1]
            if item.group != group:
                logger.warning(
                    "executive-skills item %s: skill %s -> %s", item.code, item.group, group
                )
                item.group = group
                item.save(update_fields=["group"])
    executive.groups = [{"code": g, "label": GROUP_LABELS[g]} for g in EXECUTIVE_SKILLS]
    executive.save(update_fields=["groups"])

    entries = []
    for measurement in Measurement.objects.filter(instrument=executive).select_related(
        "instrument_version"
    ):
        version = measurement.instrument_version
        scale = (
            (version.scale_min, version.scale_max)
            if version is not None and version.scale_min is not None
            else None
        )
        new = group_scores(items, measurement.answers, scale)
        if new == measurement.group_scores:
            continue
        changed = sorted(k for k in new if measurement.group_scores.get(k) != new[k])
        logger.warning(
            "measurement %s (participant %s, %s): skill scores re-scored: %s",
            measurement.pk,
            measurement.participant_id,
            measurement.taken_on,
            ", ".join(f"{k} {measurement.group_scores.get(k)}->{new[k]}" for k in changed),
        )
        measurement.group_scores = new
        measurement.save(update_fields=["group_scores"])
        entries.append(
            AccessLogEntry(
                username="migration",
                user_display="instruments 0004",
                participant_id=measurement.participant_id,
                object_type="measurement",
                object_id=str(measurement.pk),
                action="update",
                outcome="allowed",
                detail=("re-scored in the published skill order: " + ", ".join(changed))[:300],
            )
        )
    AccessLogEntry.objects.bulk_create(entries)
    if entries:
        logger.warning("re-scored %s executive-skills measurements", len(entries))


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0003_versions"),
        ("audit", "0003_retention_and_research"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
