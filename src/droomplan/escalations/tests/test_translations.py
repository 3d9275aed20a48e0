"""Dutch labels of escalations and meetings are not shadowed by other catalogues."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("Escalate to the board", "Escaleren naar het bestuur"),
        ("Escalations", "Escalaties"),
        ("Decided", "Besloten"),
        ("A debt arrangement stalls", "Een schuldregeling loopt vast"),
        ("Meetings", "Bijeenkomsten"),
        ("Absent with notice", "Afwezig met bericht"),
        ("Present", "Aanwezig"),
    ],
)
def test_dutch(english, dutch):
    with translation.override("nl"):
        assert gettext(english) == dutch


def test_dutch_with_context():
    with translation.override("nl"):
        assert pgettext("attendance", "Not recorded") == "Niet ingevuld"
