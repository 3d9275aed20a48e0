"""The open theme: vendored files carry an open licence and no dangling source map, and every
text/background pair that Droomplan's own tokens define meets WCAG 2.1 AA (4.5:1)."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "static"
VENDOR = STATIC / "vendor"
OPEN_LICENCES = {"EUPL-1.2", "MIT", "0BSD", "BSD-3-Clause", "Apache-2.0", "OFL-1.1"}

# (text colour, background colour, where it is used)
PAIRS = [
    ("#1a1a1a", "#ffffff", "body text"),
    ("#1a1a1a", "#f2f2f2", "body text on the page background"),
    ("#8a1c5c", "#ffffff", "plum text, secondary buttons"),
    ("#ffffff", "#8a1c5c", "primary button, header"),
    ("#ffffff", "#6d1649", "primary button hovered"),
    ("#0b5394", "#ffffff", "links"),
    ("#0b5394", "#f2f2f2", "links on the page background"),
    ("#5a2d82", "#ffffff", "visited links"),
    ("#4b4b4b", "#ffffff", "muted text"),
    ("#4b4b4b", "#f2f2f2", "muted text on the page background"),
    ("#3d0c29", "#f3e8ee", "navigation"),
    ("#ffffff", "#2f6b22", "green badge"),
    ("#1a1a1a", "#fde68a", "yellow badge"),
    ("#ffffff", "#a30000", "red badge"),
    ("#1a1a1a", "#e6e6e6", "grey badge"),
    ("#1a1a1a", "#e8f1fa", "info alert"),
    ("#1a1a1a", "#e6f4ea", "ok alert"),
    ("#1a1a1a", "#fff4d6", "warning alert"),
    ("#1a1a1a", "#fbe9e9", "error alert"),
    ("#a30000", "#ffffff", "error message"),
    ("#000000", "#ffe066", "focus and skip link"),
]


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("text", "background", "use"), PAIRS)
def test_theme_pairs_meet_wcag_aa(text, background, use):
    css = (STATIC / "droomplan" / "theme.css").read_text() + (
        STATIC / "droomplan" / "site.css"
    ).read_text()
    for colour in (text, background):
        assert colour in css.lower(), f"{colour} ({use}) is not a colour of the theme"
    assert contrast(text, background) >= 4.5, f"{use}: {contrast(text, background):.2f}:1"


def vendor_rows() -> list[list[str]]:
    readme = (VENDOR / "README.md").read_text()
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in readme.splitlines()
        if line.startswith("| ") and not line.startswith("| package") and "---" not in line
    ]


# The licence documents a package ships with its files (Apache-2.0 asks for its NOTICE too).
LICENCE_FILES = ("LICENSE", "NOTICE", "THIRD-PARTY-LICENSES")


def test_every_vendored_file_is_listed_with_an_open_licence():
    rows = vendor_rows()
    listed = {f.strip() for row in rows for f in row[4].split(",")}
    shipped = {
        str(p.relative_to(VENDOR))
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name != "README.md" and not p.name.startswith(LICENCE_FILES)
    }
    assert shipped == listed
    for name, version, licence, _source, files in rows:
        assert licence in OPEN_LICENCES, f"{name} {version}: {licence}"
        folder = VENDOR / files.split("/")[0]
        assert any(folder.glob("LICENSE*")), f"{name}: no licence file in {folder}"


def test_no_vendored_file_refers_to_a_missing_source_map():
    for path in VENDOR.rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for ref in re.findall(r"sourceMappingURL=(\S+?)(?:\s|\*/|$)", path.read_text()):
            assert (path.parent / ref).exists(), f"{path.name} refers to a missing {ref}"


def test_utrecht_house_style_is_not_shipped():
    # Gemeente Utrecht's own design tokens are "All rights reserved" (issue 14).
    assert not list(VENDOR.rglob("design-tokens.css"))
    assert "utrecht-theme" not in (STATIC.parent / "templates" / "base.html").read_text()
