"""Refresh the vendored front-end files from the npm registry (`make vendor`).

Each package below is fetched with `npm pack NAME@VERSION` into a temporary folder; the listed
files and the package's licence are copied into src/droomplan/core/static/vendor/, and the
vendor README's table is rewritten. A `sourceMappingURL` comment is removed from every copied
file: the maps are not shipped, and a reference to a missing map makes a production
`collectstatic` (ManifestStaticFilesStorage) fail. Bump a version here, run `make vendor`,
look at the pages, commit.
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "droomplan" / "core" / "static" / "vendor"

# (npm package, version, licence (SPDX), folder, {file in the package: file in the folder})
PACKAGES = [
    (
        "@nl-design-system-unstable/voorbeeld-design-tokens",
        "7.4.1",
        "EUPL-1.2",
        "nl-design-system",
        {"dist/theme.css": "voorbeeld-theme.css", "LICENSE.md": "LICENSE.md"},
    ),
    (
        "@utrecht/component-library-css",
        "9.0.4",
        "EUPL-1.2",
        "utrecht",
        {"dist/index.css": "component-library.css", "LICENSE.md": "LICENSE.md"},
    ),
    (
        "htmx.org",
        "2.0.11",
        "0BSD",
        "htmx",
        {"dist/htmx.min.js": "htmx.min.js", "LICENSE": "LICENSE"},
    ),
    (
        "chart.js",
        "4.6.1",
        "MIT",
        "chartjs",
        {"dist/chart.umd.min.js": "chart.umd.min.js", "LICENSE.md": "LICENSE.md"},
    ),
    (
        "swagger-ui-dist",
        "5.32.0",
        "Apache-2.0",
        "swagger-ui",
        {
            "swagger-ui-bundle.js": "swagger-ui-bundle.js",
            "swagger-ui.css": "swagger-ui.css",
            "LICENSE": "LICENSE",
            "NOTICE": "NOTICE",
            "swagger-ui-bundle.js.LICENSE.txt": "THIRD-PARTY-LICENSES.txt",
        },
    ),
]

SOURCE_MAP = re.compile(
    r"^\s*(//[#@] sourceMappingURL=.*|/\*[#@] sourceMappingURL=.*?\*/)\s*$", re.MULTILINE
)

README_HEAD = """# Vendored front-end packages

Copied from the npm registry so that nothing loads from a CDN and the app works offline.
Refresh them with `make vendor` (scripts/vendor.py): it fetches the versions below with
`npm pack`, copies the files and their licence, removes `sourceMappingURL` comments (the maps
are not shipped) and rewrites this table. Only packages with an open licence may be listed
here. Droomplan's own colours and type are in `droomplan/theme.css`, not in a vendored file.

| package | version | licence | source | files |
| --- | --- | --- | --- | --- |
"""


def strip_source_maps(text: str) -> str:
    return SOURCE_MAP.sub("", text)


def fetch(name: str, version: str, workdir: Path) -> Path:
    result = subprocess.run(  # noqa: S603 (fixed argv)
        ["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(workdir)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"npm pack {name}@{version} failed:\n{result.stderr}")
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    target = workdir / tarball.stem
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main() -> None:
    if not shutil.which("npm"):
        sys.exit("npm not found: install Node.js (Debian: apt-get install npm)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="droomplan-vendor-") as tmp:
        for name, version, licence, folder, files in PACKAGES:
            package = fetch(name, version, Path(tmp))
            out = VENDOR / folder
            out.mkdir(parents=True, exist_ok=True)
            for source, target in files.items():
                text = (package / source).read_text(encoding="utf-8")
                (out / target).write_text(strip_source_maps(text), encoding="utf-8")
                print(f"  {name}@{version} {source} -> vendor/{folder}/{target}")
            shown = ", ".join(
                f"{folder}/{t}" for t in files.values() if "LICENSE" not in t and t != "NOTICE"
            )
            rows.append(f"| {name} | {version} | {licence} | npm registry | {shown} |\n")
    (VENDOR / "README.md").write_text(README_HEAD + "".join(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
