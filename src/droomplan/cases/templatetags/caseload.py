"""The caseload's rows built in Python: `{% load caseload %}`.

The rows were a `{% for %}` over the page with a `{% url %}`, the status badge include and a
blocktranslate per family: about half of the page's CPU (issue 18). `caseload_rows` writes
the same HTML, character for character (`cases/tests/test_caseload_rows.py` compares it with
the template it replaced, in both languages)."""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from droomplan.core.templatetags.ui import badge, status_badge

register = template.Library()

_PK = 2_147_483_647  # a pk no link contains otherwise: the links are built around it


def _show(value) -> str:
    """`{{ value }}` in a template: localised and escaped."""
    return conditional_escape(localize(value))


def status_badge_html(p, labels: dict | None = None) -> SafeString:
    """`cases/includes/status_badge.html`: her status badge (and the waiting list's), with
    the include's closing newline. `labels` keeps the status labels of one page."""
    labels = {} if labels is None else labels
    key = (p.status, p.on_waiting_list)
    html = labels.get(key)
    if html is None:
        html = status_badge("participant", p.status, p.get_status_display())
        if p.on_waiting_list:
            html += " " + badge(gettext("Waiting list"), "danger")
        html = labels[key] = mark_safe(html + "\n")  # noqa: S308 (a badge)
    return html


def detail_links() -> tuple[str, str]:
    """The case page's link as (before the pk, after it), reversed once per page."""
    url = conditional_escape(reverse("cases:detail", args=[_PK]))
    before, found, after = url.partition(str(_PK))
    if not found or str(_PK) in after:
        raise ValueError(f"cannot build case links around the pk from {url!r}")
    return before, after


@register.simple_tag
def caseload_rows(participants, only_own, cells) -> SafeString:
    """`{% caseload_rows page.object_list only_own cells %}`: a `<tr>` per family of the
    caseload (the coach column unless `only_own`); `cells` is the last column per participant
    pk (`{% measurement_cells %}` of the instruments app, which this app does not import)."""
    before, after = detail_links()
    labels: dict = {}
    no_coach = None
    rows = []
    for p in participants:
        if only_own:
            coach = ""
        elif p.current_coach_id:
            coach = f"<td>{_show(p.current_coach_first)} {_show(p.current_coach_last)}</td>"
        elif p.has_ended:
            coach = "<td>—</td>"
        else:
            if no_coach is None:
                no_coach = badge(gettext("No coach yet"), "warning")
            coach = f"<td>{no_coach}</td>"
        actions = _show(p.open_action_count)
        if p.overdue_action_count:
            overdue = ngettext("%(counter)s overdue", "%(counter)s overdue", p.overdue_action_count)
            overdue %= {"counter": _show(p.overdue_action_count)}
            actions = f"{actions} {badge(SafeString(overdue), 'danger')}"
        cohort = _show(p.cohort or "—")
        rows.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a class="utrecht-link" href="{before}{p.pk}{after}">'
            f"{_show(p.full_name)}</a></th>\n"
            f"      <td>{_show(p.ref)}</td>\n"
            f"      <td>{status_badge_html(p, labels)}</td>\n"
            f"      <td>{cohort}</td>\n"
            f"      <td>{_show(p.municipality)}</td>\n"
            f"      {coach}\n"
            f"      <td>{actions}</td>\n"
            f"      <td>{conditional_escape(cells[p.pk])}</td>\n"
            "    </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped)
