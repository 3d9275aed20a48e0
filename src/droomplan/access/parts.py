"""Where the mother's data lives. Every app that holds data on a participant contributes to
her privacy rights (the inzage file, retention, the research export) through a module
`droomplan.<app>.personal_data` (found with `autodiscover_modules`) with:

- ``LABEL = "debts"``: the key of its part in the inzage file;
- ``export(participant) -> dict | list``: everything the app holds on her (JSON-serialisable
  with Django's encoder: dates and decimals are fine);
- ``anonymise(participant) -> int``: remove names, contact details and free text, keep figures,
  dates, amounts and codes; returns how many records changed (0 when already done);
- optionally ``TITLE`` (a heading for the PDF; default: the app's name), ``ORDER`` (position
  in the file, default 50; the access log comes last), ``pdf_summary(content) -> dict`` (what
  the PDF shows instead of everything, for a part that can grow long: ``intro``, ``headers``
  and ``rows`` of a table), ``csv_file(content) -> (name, header, rows)`` (the part, complete,
  as a CSV file that goes with the PDF: in the zip, attached inside the PDF, and as a download
  of its own),
  ``retention(*, today, dry_run) -> list[str]`` (clean-up of app data not tied to one
  participant, e.g. old signals; returns lines for the report) and
  ``for_reading(content) -> dict | list`` (the part as the readable document shows it: codes
  replaced by words, questionnaire answers next to their questions; the JSON keeps
  `export` as it is) and
  ``research(participant) -> dict`` (structured facts for the pseudonymised research export:
  no names, no free text, no quasi-identifiers such as her municipality, birth date or
  children, which `research` gives generalised; dates may be dates: the export turns every
  date into months since her start).

See docs/privacy-rights.md."""

from dataclasses import dataclass
from functools import cache
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy

# Apps whose models point at a participant but that need no personal_data module of their own.
EXEMPT_APPS: dict[str, str] = {}


# Headings in the PDF for the parts whose module sets no TITLE of its own.
PART_TITLES = {
    "case_file": gettext_lazy("Case file: details, children, coaches and contact moments"),
    "plan": gettext_lazy("Family plan: dreams, goals and actions"),
    "access_log": gettext_lazy("Who looked at this file"),
}


@dataclass(frozen=True)
class Part:
    """One app's contribution to the mother's privacy rights."""

    app_label: str
    label: str
    title: str
    module: ModuleType

    def has(self, name: str) -> bool:
        return callable(getattr(self.module, name, None))


@cache
def _discover() -> tuple[Part, ...]:
    autodiscover_modules("personal_data")
    parts = []
    for config in apps.get_app_configs():
        module = getattr(config.module, "personal_data", None)
        if not config.name.startswith("droomplan.") or module is None:
            continue
        for required in ("LABEL", "export", "anonymise"):
            if not hasattr(module, required):
                raise ImproperlyConfiguredPart(f"{module.__name__} has no {required}")
        parts.append(
            Part(
                app_label=config.label,
                label=module.LABEL,
                title=(
                    getattr(module, "TITLE", None)
                    or PART_TITLES.get(module.LABEL)
                    or config.verbose_name
                ),
                module=module,
            )
        )
    parts.sort(key=lambda p: getattr(p.module, "ORDER", 50))
    labels = [p.label for p in parts]
    duplicates = {label for label in labels if labels.count(label) > 1}
    if duplicates:
        raise ImproperlyConfiguredPart(f"personal_data LABEL used twice: {sorted(duplicates)}")
    return tuple(parts)


class ImproperlyConfiguredPart(Exception):
    pass


def parts() -> tuple[Part, ...]:
    """Every app's personal_data module, in the order of INSTALLED_APPS."""
    return _discover()
