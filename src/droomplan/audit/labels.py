"""Words for what the access log stores as codes (object types), for people reading it."""

from functools import cache

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# Object types that are not a model name (pages, lists, exports).
OBJECT_TYPES = {
    "case": _("case file"),
    "caseload": _("list of families"),
    "intake": _("intake"),
    "access_log": _("access overview"),
    "inzage": _("copy of all data (inzage)"),
    "research_export": _("research export"),
    "plan": _("family plan"),
    "coachassignment": _("coach of the family"),
    "lifedomains": _("life domains (debts, housing, education, work)"),
    "consent_form": _("signed consent form"),
    "researchconsent": _("consent for research"),
    "outcome_report": _("outcome report"),
    "outcome_participants": _("participants counted in a report"),
    "exchange": _("data exchange"),
    "exchange_import": _("data exchange (import)"),
    "exchange_export": _("data exchange (export)"),
    "cohort_attendance": _("attendance of the group"),
}


@cache
def _model_names() -> dict[str, object]:
    return {m._meta.model_name: m._meta.verbose_name for m in apps.get_models()}


def object_type_label(code: str) -> str:
    """`case` → "dossier", `goal` → "doel" (a model's verbose name), otherwise the code."""
    if code in OBJECT_TYPES:
        return str(OBJECT_TYPES[code])
    name = _model_names().get(code)
    return str(name) if name is not None else code.replace("_", " ")
