"""The breakdown cells of the report page are built in Python (`templatetags.outcomes`), not by
an include per cell: they must be exactly what the templates gave, in both languages, for
every kind of cell (shown, no denominator, not measured, "< 5", hidden, other thresholds)."""

import itertools

import pytest
from django.template import engines
from django.utils import translation

from droomplan.outcomes.metrics import METRICS
from droomplan.outcomes.report import Group, Value
from droomplan.outcomes.templatetags.outcomes import breakdown_cells, value_html

# What breakdown.html rendered per row before `{% breakdown_cells %}` (issue 18).
TEMPLATE_CELLS = (
    "{% load i18n outcomes %}"
    '{% for m in metrics %}{% with v=g.values|dictget:m.code %}<td class="dp-num">'
    '{% include "outcomes/includes/value.html" %}{% if v.shown and v.denominator %}'
    '<span class="dp-outcomes-nd"> {{ v.numerator }}/{{ v.denominator }}</span>'
    '{% if v.unknown %}<span class="dp-outcomes-nd"> {% blocktranslate with u=v.unknown %}'
    "({{ u }} not measured){% endblocktranslate %}</span>{% endif %}{% endif %}</td>"
    "{% endwith %}{% endfor %}"
)
VALUE_TEMPLATE = '{% include "outcomes/includes/value.html" %}'


def values():
    """Every kind of cell."""
    for n, d, u in [(0, 0, 0), (0, 3, 0), (1, 3, 1), (2, 3, 0), (7, 12, 2), (1234, 5678, 1001)]:
        for suppressed, hidden in [(False, False), (True, False), (False, True)]:
            for threshold in (5, 10):
                yield Value(n, d, u, suppressed=suppressed, hidden=hidden, threshold=threshold)


def render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_value_html_is_the_include(language):
    with translation.override(language):
        for v in values():
            assert value_html(v) == render(VALUE_TEMPLATE, {"v": v}), v


@pytest.mark.parametrize("language", ["nl", "en"])
def test_breakdown_cells_are_the_template(language):
    cells = list(values())
    with translation.override(language):
        for start in range(0, len(cells), len(METRICS)):
            chunk = list(itertools.islice(itertools.cycle(cells[start:]), len(METRICS)))
            group = Group(
                "c", "Cohort", chunk[0], {m.code: v for m, v in zip(METRICS, chunk, strict=True)}
            )
            expected = render(TEMPLATE_CELLS, {"g": group, "metrics": METRICS})
            tag = render(
                "{% load outcomes %}{% breakdown_cells g metrics %}",
                {"g": group, "metrics": METRICS},
            )
            assert breakdown_cells(group, METRICS) == expected
            assert tag == expected


def test_a_percentage_is_localised():
    with translation.override("nl"):
        assert value_html(Value(1, 3)) == "33,3%\n"
    with translation.override("en"):
        assert value_html(Value(1, 3)) == "33.3%\n"


def test_thousand_separators_as_the_template(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    v = Value(1234, 5678, 1001)
    group = Group("c", "Cohort", v, {m.code: v for m in METRICS})
    with translation.override("nl"):
        expected = render(TEMPLATE_CELLS, {"g": group, "metrics": METRICS})
        assert "1.234/5.678" in expected
        assert breakdown_cells(group, METRICS) == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_percentage_as_floatformat(language):
    """Every percentage of a denominator up to 200, as the template's filter gives it."""
    template = engines["django"].from_string('{{ p|floatformat:"-1" }}%\n')
    with translation.override(language):
        for d in range(1, 201):
            for n in range(d + 1):
                v = Value(n, d)
                assert value_html(v) == template.render({"p": v.percentage}), (n, d)
