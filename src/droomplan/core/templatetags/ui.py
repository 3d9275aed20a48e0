"""Template tags of the UI kit: `{% load ui %}`. See docs/architecture.md, "UI kit".

{% alert "warning" %}Text or HTML{% endalert %}
{% table caption %}<thead>…</thead><tbody>…</tbody>{% endtable %}
{% status_badge "participant" p.status p.get_status_display %}
{% badge _("Waiting list") "danger" %}
{% rendered "core/includes/header_tools.html" as header_tools %} (render once, show twice)
{{ day|weekday_date }} ("vrijdag 8 maart 2024")
{{ day|weekday_date:"no_year" }} ("vrijdag 8 maart")
"""

import re

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from droomplan.core.badges import STYLES, badge_style

register = template.Library()

# Utrecht alert types; Django message levels and their usual names map onto them.
ALERT_KINDS = {
    "info": "info",
    "ok": "ok",
    "warning": "warning",
    "error": "error",
    "success": "ok",
    "debug": "info",
}
# An error interrupts (role="alert"); everything else is announced politely.
ALERT_ROLES = {"error": "alert"}
BLOCK_START = re.compile(r"^\s*<(p|h[1-6]|ul|ol|div|form|dl|blockquote|section)\b", re.I)


def _parse_block(parser, token, end: str):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a first argument")
    first = parser.compile_filter(bits[1])
    options = token_kwargs(bits[2:], parser, support_legacy=False)
    if len(options) != len(bits) - 2:
        raise template.TemplateSyntaxError(f"{bits[0]}: options are name=value")
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return first, options, nodelist


class AlertNode(template.Node):
    def __init__(self, kind, options, nodelist):
        self.kind, self.options, self.nodelist = kind, options, nodelist

    def render(self, context):
        kind = ALERT_KINDS.get(str(self.kind.resolve(context)), "info")
        options = {name: value.resolve(context) for name, value in self.options.items()}
        # The rendered content is already escaped where needed; strip() drops its safe mark.
        content = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return render_to_string(
            "ui/alert.html",
            {
                "kind": kind,
                "role": options.get("role", ALERT_ROLES.get(kind, "status")),
                "id": options.get("id", ""),
                "labelledby": options.get("labelledby", ""),
                "extra_class": options.get("class", ""),
                "content": content,
                "paragraph": not BLOCK_START.match(content),
            },
        )


@register.tag
def alert(parser, token):
    """`{% alert kind [role=…] [id=…] [class=…] [labelledby=…] %}…{% endalert %}`: an Utrecht
    alert. kind: info, ok, warning, error (or a message level: success, debug). Inline content
    becomes one paragraph; content that starts with a block element (<p>, <h2>, <ul>, <form>…)
    is used as it is. An error alert has role="alert", others role="status" (role="" for none)."""
    return AlertNode(*_parse_block(parser, token, "endalert"))


class TableNode(template.Node):
    def __init__(self, caption, options, nodelist):
        self.caption, self.options, self.nodelist = caption, options, nodelist

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        return render_to_string(
            "ui/table.html",
            {
                "caption": self.caption.resolve(context),
                "hide_caption": options.get("hide_caption", False),
                "extra_class": options.get("class", ""),
                "labelledby": options.get("labelledby", ""),
                "describedby": options.get("describedby", ""),
                "content": self.nodelist.render(context),
            },
        )


@register.tag
def table(parser, token):
    """`{% table caption [hide_caption=True] [class="…"] %}<thead>…</thead><tbody>…</tbody>
    {% endtable %}`: a table with its caption in a wrapper that scrolls sideways on a narrow
    screen and can then be reached and scrolled with the keyboard (a labelled region with
    tabindex="0"). Cells are plain <th>/<td>: the table has the Utrecht html-table styles.
    Numbers: <td class="dp-num">. A table named by a heading instead of a caption:
    `{% table "" labelledby="heading-id" [describedby="help-id"] %}`."""
    return TableNode(*_parse_block(parser, token, "endtable"))


@register.simple_tag(takes_context=True)
def rendered(context, template_name):
    """`{% rendered "template.html" as name %}`: the template rendered once with this context
    (as `{% include %}` would), kept in `name` for a page that shows it more than once."""
    template = context.template.engine.get_template(template_name)
    with context.push():
        return template.render(context)


@register.simple_tag
def badge(label, style="neutral", sr=""):
    """`{% badge label style [sr=…] %}`: a status badge with a fixed style (success, warning,
    danger, info, neutral); `sr` is read after the label by screen readers only (for a badge
    that shows a number). For the status of an object use `{% status_badge %}`."""
    if style not in STYLES:
        raise template.TemplateSyntaxError(f"badge style {style!r} is not one of {sorted(STYLES)}")
    hidden = format_html('<span class="visually-hidden"> {}</span>', sr) if sr else ""
    return format_html(
        '<span class="utrecht-status-badge utrecht-status-badge--{}">{}{}</span>',
        style,
        label,
        hidden,
    )


@register.simple_tag
def status_badge(kind, status, label):
    """`{% status_badge kind status label %}`: the badge of a status, styled by the one
    mapping in core.badges (BADGES[kind][status])."""
    return badge(label, badge_style(kind, status))


@register.filter
def weekday_date(value, arg: str = ""):
    """A day with its weekday, in the one date style: "vrijdag 8 maart 2024"; with
    "no_year": "vrijdag 8 maart" (a meeting in the coming weeks)."""
    if not value:
        return ""
    fmt = "MONTH_DAY_FORMAT" if arg == "no_year" else "DATE_FORMAT"
    return f"{date_format(value, 'l')} {date_format(value, fmt)}"
