from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def dictget(mapping, key):
    """`{{ values|dictget:code }}`: a dict entry by a variable key."""
    return mapping.get(key) if mapping else None


def _number(value) -> str:
    """`{{ value }}` of a count (localised, escaped). Without thousand separators Django's
    `localize` gives `str()` of an int: taken directly, it is a tenth of the page's time."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return str(conditional_escape(localize(value)))


def _percentage(percentage: float) -> str:
    """`{{ percentage|floatformat:"-1" }}` of a percentage (`metrics.percentage`: rounded to one
    decimal, 0 to 100, so never thousands): "50", "33,3". Other numbers go to the filter."""
    if type(percentage) is not float or not 0 <= percentage <= 100:
        return floatformat(percentage, "-1")
    text = f"{percentage:.1f}"
    if text.endswith(".0"):
        return text[:-2]
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def value_html(v) -> str:
    """`outcomes/includes/value.html` written out in Python, character for character (the
    breakdown tables have a cell per group and figure: an include per cell was most of the
    report page's time). `test_value_html.py` compares the two. Ends in the file's newline."""
    if not v.shown:
        if v.suppressed:
            title = gettext("fewer than %(n)s participants") % {"n": _number(v.threshold)}
        else:
            title = gettext("hidden to protect a small group")
        return f'<span title="{title}">{conditional_escape(v.mask)}</span>\n'
    percentage = v.percentage
    if percentage is None:
        return "–\n"
    return f"{_percentage(percentage)}%\n"


@register.simple_tag
def breakdown_cells(group, metrics):
    """`{% breakdown_cells g report.metrics %}`: the figure cells of one breakdown row, as
    `{% for m in metrics %}<td …>{% include "outcomes/includes/value.html" %}…</td>{% endfor %}`
    would render them (see `value_html`)."""
    cells = []
    for metric in metrics:
        v = group.values[metric.code]
        extra = ""
        if v.shown and v.denominator:
            counts = f"{_number(v.numerator)}/{_number(v.denominator)}"
            extra = f'<span class="dp-outcomes-nd"> {counts}</span>'
            if v.unknown:
                not_measured = gettext("(%(u)s not measured)") % {"u": _number(v.unknown)}
                extra += f'<span class="dp-outcomes-nd"> {not_measured}</span>'
        cells.append(f'<td class="dp-num">{value_html(v)}{extra}</td>')
    return mark_safe("".join(cells))  # noqa: S308 (numbers escaped; texts from the catalogue)
