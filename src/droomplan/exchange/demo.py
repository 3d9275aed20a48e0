"""The demo families: two groups of ten mothers plus a few in intake, loaded through the
exchange format (`demo_document`) with the importer, as a real programme would load them.
What the format does not carry (phone numbers, plans, contacts, debt routes) the other apps add
in their own `demo.py` from `context["families"]` and `context["family_extras"]`."""

import json
import tempfile
from pathlib import Path

from droomplan.accounts.demo import ORGANISATIONS
from droomplan.cases.models import Participant
from droomplan.core.demo import register
from droomplan.programmes.demo import COHORTS
from droomplan.programmes.models import Municipality

from . import demo_document
from .selectors import anonymised_refs
from .services import import_file


@register(order=30)
def load(context) -> dict[str, int]:
    """Returns how many families were added and how many facts the exchange document holds.
    Loading again changes nothing (the import matches on case number)."""
    programme, today = context["programme"], context["today"]
    lead = context["users"]["projectleider"]
    existing = set(Participant.objects.filter(programme=programme).values_list("ref", flat=True))
    document, extras = demo_document.build(
        today=today,
        organisations=ORGANISATIONS,
        cohorts=COHORTS,
        municipalities=list(Municipality.objects.values_list("cbs_code", flat=True)),
    )
    # Anonymisation is final: a demo family whose file was anonymised (apply_retention) is
    # left out, so loading again never brings her name or details back.
    closed = anonymised_refs(programme.code, set(extras))
    document["participants"] = [p for p in document["participants"] if p["ref"] not in closed]
    extras = {ref: extra for ref, extra in extras.items() if ref not in closed}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        result = import_file(path, actor=lead, today=today)
    context["family_extras"] = extras
    context["families"] = list(
        Participant.objects.filter(programme=programme, ref__in=list(extras))
        .prefetch_related("children", "debts__route_changes", "work")
        .order_by("ref")
    )
    return {"families added": len(set(extras) - existing), **result.counts}
