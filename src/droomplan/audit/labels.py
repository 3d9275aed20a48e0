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


# What was looked at, in the mother's own words (her portal, "Wie keek in mijn dossier").
# The one place that maps access-log object types to plain phrases; anything not listed is
# "your file". A signal is named as "your file" too: who reported a worry about her stays
# protected, and so does that there was a report.
_PLAN = _("your plan")
_CONSENTS = _("your consents")
_MEETINGS = _("your group meetings")
_BOARD = _("a question to the board about your plan")
_FIGURES = _("the figures of the programme (without your name)")
_EXCHANGE = _("your data, to send them to another system")
_FILE = _("your file")
PLAIN_PHRASES = {
    "case": _FILE,
    "signal": _FILE,
    "statuschange": _FILE,
    "participant": _("your personal details"),
    "intake": _("your registration"),
    "caseload": _("the list of families you are on"),
    "plan": _PLAN,
    "dream": _PLAN,
    "goal": _PLAN,
    "goalstatuschange": _PLAN,
    "action": _PLAN,
    "child": _("the details of your children"),
    "contact": _("the notes of your conversations"),
    "coachassignment": _("who your coach is"),
    "debt": _("your debts"),
    "debtroutechange": _("your debts"),
    "housingstatus": _("your home"),
    "education": _("your school or course"),
    "workplacement": _("your work"),
    "lifedomains": _("your money, home, school and work"),
    "measurement": _("your questionnaires"),
    "consent": _CONSENTS,
    "consent_form": _CONSENTS,
    "researchconsent": _CONSENTS,
    "access_log": _("who looked in your file"),
    "inzage": _("a copy of all your data"),
    "meeting": _MEETINGS,
    "meetings": _MEETINGS,
    "attendance": _MEETINGS,
    "cohort_attendance": _MEETINGS,
    "escalation": _BOARD,
    "decision": _BOARD,
    "notification": _("a message about you"),
    "outcome_report": _FIGURES,
    "outcome_participants": _FIGURES,
    "research_export": _("the research (without your name)"),
    "exchange": _EXCHANGE,
    "exchange_export": _EXCHANGE,
    "exchange_import": _EXCHANGE,
}


def plain_phrase(code: str) -> str:
    """`debt` → "je schulden": what was looked at, as the mother reads it (never a code)."""
    return str(PLAIN_PHRASES.get(code, _FILE))


# A case-page view is one entry (`services.one_entry_per_view`); its detail starts with the
# other parts it showed: "with: measurement,lifedomains; ...".
SEEN_WITH = "with: "


def seen_parts(object_type: str, detail: str) -> list[str]:
    """What an entry says was seen: its own kind and, for a combined page view, the other
    parts named in its detail (see `combine`)."""
    kinds = [object_type]
    if detail.startswith(SEEN_WITH):
        listed = detail[len(SEEN_WITH) :].split(";", 1)[0]
        kinds += [k for k in listed.split(",") if k and k not in kinds]
    return kinds
