"""Deployment checks (`droomplan check --deploy`): the static files a production server needs
are in place. With a manifest storage (production) a page whose template names a static file
that is not in the manifest answers 500, so a missing or out-of-date `collectstatic` breaks
every page; and a vendored file that refers to a source map which is not shipped makes
`collectstatic` itself fail. See docs/deployment.md and docs/security.md (item 2)."""

import json
import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register

SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


def _found_static_files() -> dict[str, str]:
    """Every static file the finders collect: {path in the static folder: path on disk}."""
    found: dict[str, str] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            found.setdefault(path.replace("\\", "/"), storage.path(path))
    return found


def missing_source_maps(found: dict[str, str]) -> list[str]:
    """Static files (CSS, JavaScript) whose sourceMappingURL names a file that is not there."""
    broken = []
    for path, disk in sorted(found.items()):
        if not path.endswith((".css", ".js")):
            continue
        with open(disk, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        for target in SOURCE_MAP.findall(text):
            if target.startswith(("data:", "http:", "https:", "/")):
                continue
            folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
            if folder + target.split("?")[0].split("#")[0] not in found:
                broken.append(f"{path} -> {target}")
    return broken


@register(Tags.staticfiles, deploy=True)
def check_static_files(app_configs=None, **kwargs):
    errors = []
    found = _found_static_files()
    broken = missing_source_maps(found)
    if broken:
        errors.append(
            Error(
                "Static files refer to source maps that are not shipped: " + ", ".join(broken),
                hint="Strip the sourceMappingURL comments (make vendor does this).",
                id="droomplan.E001",
            )
        )
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return errors
    manifest_path = staticfiles_storage.path(staticfiles_storage.manifest_name)
    try:
        with open(manifest_path, encoding="utf-8") as handle:
            manifest = json.load(handle).get("paths", {})
    except (OSError, ValueError):
        errors.append(
            Error(
                f"The static files have not been collected into {settings.STATIC_ROOT}: "
                "every page would answer 500.",
                hint="Run `droomplan collectstatic --no-input` (after every upgrade).",
                id="droomplan.E002",
            )
        )
        return errors
    stale = sorted(path for path in found if path not in manifest)
    if stale:
        shown = ", ".join(stale[:5]) + (" …" if len(stale) > 5 else "")
        errors.append(
            Error(
                f"The collected static files are out of date ({len(stale)} missing: {shown}): "
                "pages that use them would answer 500.",
                hint="Run `droomplan collectstatic --no-input` (after every upgrade).",
                id="droomplan.E003",
            )
        )
    return errors
