"""Dutch is the default language: every user-facing string has a Dutch translation, and the
compiled catalogue (.mo) the app uses matches the .po files that were translated."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

SRC = Path(__file__).resolve().parent.parent / "src" / "droomplan"
PO_FILES = sorted(SRC.glob("*/locale/nl/LC_MESSAGES/django.po"))


def test_there_are_translation_catalogues():
    assert len(PO_FILES) >= 3


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_every_string_is_translated(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
    assert untranslated == [], f"untranslated in {po_path}"
    assert fuzzy == [], f"fuzzy in {po_path}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_is_up_to_date(po_path):
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    po = polib.pofile(str(po_path))
    stale = [
        e.msgid
        for e in po
        if not e.obsolete and not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert stale == [], f"run `make messages`: {po_path.with_suffix('.mo')} is out of date"


def test_dutch_is_active_by_default():
    with translation.override("nl"):
        assert translation.gettext("Skip to content") == "Direct naar de inhoud"
