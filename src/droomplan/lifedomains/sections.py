"""Debts, housing, education and work on the case page: one compact card per life domain
the user may see, with the debt total today, 'debt-free since', each debt's route and a chart
of the total over time. At most five queries for the records plus one access-log entry,
whatever the number of records."""

from django.template.loader import render_to_string
from django.utils.translation import pgettext, pgettext_lazy

from droomplan.access.policy import Verb, can
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.domains import LifeDomain
from droomplan.core.sections import register

from .selectors import life_domains_for, overview_line

SHOWN = (
    LifeDomain.FINANCES,
    LifeDomain.FAMILY_STABILITY,
    LifeDomain.EDUCATION,
    LifeDomain.EMPLOYMENT,
)


def _title(shown: frozenset[str]) -> str:
    """'Debts, housing, education and work', or only the domains this user sees."""
    names = {
        LifeDomain.FINANCES: pgettext("section title", "debts"),
        LifeDomain.FAMILY_STABILITY: pgettext("section title", "housing"),
        LifeDomain.EDUCATION: pgettext("section title", "education"),
        LifeDomain.EMPLOYMENT: pgettext("section title", "work"),
    }
    parts = [names[d] for d in SHOWN if d in shown]
    if len(parts) > 1:
        parts = [", ".join(parts[:-1]) + " " + pgettext("section title", "and") + " " + parts[-1]]
    return parts[0][:1].upper() + parts[0][1:]


def _log(request, participant, shown) -> None:
    record(
        request=request,
        action=Action.VIEW,
        object_type="lifedomains",
        object_id=participant.pk,
        participant=participant,
        detail="domains=" + ",".join(sorted(shown)),
    )


def lifedomains_summary(request, participant, domains) -> str:
    """One line: her debts today, where she lives, her education and work (one query)."""
    shown = frozenset(d for d in SHOWN if d in domains)
    if not shown:
        return ""
    ld = overview_line(participant, shown)
    _log(request, participant, shown)
    return render_to_string("lifedomains/case_summary.html", {"ld": ld}, request=request)


@register(
    "lifedomains",
    order=30,
    title=pgettext_lazy("case page part", "Debts, housing, education and work"),
    summary=lifedomains_summary,
)
def lifedomains_section(request, participant, domains) -> str:
    shown = frozenset(d for d in SHOWN if d in domains)
    if not shown:
        return ""
    ld = life_domains_for(participant, shown)
    _log(request, participant, shown)
    user = request.user
    editable = {d for d in shown if can(user, Verb.EDIT, participant, domain=d)}
    context = {
        "participant": participant,
        "ld": ld,
        "title": _title(shown),
        "can_finances": LifeDomain.FINANCES in editable,
        "can_housing": LifeDomain.FAMILY_STABILITY in editable,
        "can_education": LifeDomain.EDUCATION in editable,
        "can_work": LifeDomain.EMPLOYMENT in editable,
        "chart": [{"date": p.date.isoformat(), "total": float(p.total)} for p in ld.series],
    }
    return render_to_string("lifedomains/case_section.html", context, request=request)
