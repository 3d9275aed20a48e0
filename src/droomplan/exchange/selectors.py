"""Reads for the exchange: what the database already holds, for the validator and preview."""

import re

from django.utils.translation import gettext

from droomplan.access.policy.staff import coaches
from droomplan.accounts.models import Organisation, User
from droomplan.audit.models import RetentionRecord
from droomplan.cases.models import CoachAssignment, Participant
from droomplan.instruments.models import Instrument, InstrumentVersion
from droomplan.programmes.models import Cohort, Municipality, Programme


class DatabaseLookup:
    """The validator's `Lookup` over the database. Each set is read once."""

    def __init__(self):
        self._cache: dict = {}

    def _once(self, key, load):
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def organisation_codes(self) -> set[str]:
        return self._once("orgs", lambda: set(Organisation.objects.values_list("code", flat=True)))

    def cohort_codes(self, programme_code: str) -> set[str]:
        return self._once(
            ("cohorts", programme_code),
            lambda: set(
                Cohort.objects.filter(programme__code=programme_code).values_list("code", flat=True)
            ),
        )

    def municipality_codes(self) -> set[str]:
        return self._once(
            "municipalities", lambda: set(Municipality.objects.values_list("cbs_code", flat=True))
        )

    def coach_emails(self, emails: set[str]) -> set[str]:
        return set(coaches_by_email(emails))

    def staff_emails(self, emails: set[str]) -> set[str]:
        return set(staff_by_email(emails))

    def existing_refs(self, programme_code: str, refs: set[str]) -> set[str]:
        found: set[str] = set()
        refs = list(refs)
        for start in range(0, len(refs), 900):
            found.update(
                Participant.objects.filter(
                    programme__code=programme_code, ref__in=refs[start : start + 900]
                ).values_list("ref", flat=True)
            )
        return found

    def anonymised_refs(self, programme_code: str, refs: set[str]) -> set[str]:
        """The refs among `refs` whose file was anonymised: the participant says so, or a
        retention record does (also when her row is gone)."""
        return anonymised_refs(programme_code, refs)

    def instruments(self) -> dict:
        return self._once("instruments", instrument_definitions)

    def versions(self) -> dict:
        return self._once("versions", version_definitions)


def anonymised_refs(programme_code: str, refs) -> set[str]:
    found: set[str] = set()
    refs = list(refs)
    for start in range(0, len(refs), 900):
        chunk = refs[start : start + 900]
        found.update(
            Participant.objects.filter(
                programme__code=programme_code, ref__in=chunk, anonymised_at__isnull=False
            ).values_list("ref", flat=True)
        )
        found.update(
            RetentionRecord.objects.filter(
                programme__code=programme_code, participant_ref__in=chunk
            ).values_list("participant_ref", flat=True)
        )
    return found


def instrument_definitions() -> dict:
    """Instrument code → pure definition (the instruments in the database)."""
    return {
        i.code: i.definition() for i in Instrument.objects.prefetch_related("items").order_by("pk")
    }


def version_definitions() -> dict:
    """(instrument code, version code) → pure definition with that version's scale."""
    versions = InstrumentVersion.objects.select_related("instrument").prefetch_related(
        "instrument__items"
    )
    return {(v.instrument.code, v.code): v.definition() for v in versions.order_by("pk")}


def coaches_by_email(emails) -> dict[str, User]:
    """Active coaches with one of these e-mail addresses (lower case), by address."""
    emails = {e.lower() for e in emails}
    if not emails:
        return {}
    found: dict[str, User] = {}
    users = coaches().exclude(email="").order_by("pk")
    for user in users:
        email = user.email.lower()
        if email in emails and email not in found:
            found[email] = user
    return found


def staff_by_email(emails) -> dict[str, User]:
    """Active staff members (not a mother's portal login) by e-mail address (lower case):
    the authors of contact notes."""
    emails = {e.lower() for e in emails}
    if not emails:
        return {}
    found: dict[str, User] = {}
    users = (
        User.objects.filter(is_active=True, participant__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )
    for user in users.iterator():
        email = user.email.lower()
        if email in emails and email not in found:
            found[email] = user
    return found


def kind_labels() -> dict[str, str]:
    return {
        "children": gettext("Children"),
        "debts": gettext("Debts"),
        "housing": gettext("Housing records"),
        "education": gettext("Educations"),
        "work": gettext("Work and internships"),
        "consents": gettext("Consents"),
        "measurements": gettext("Measurements"),
        "dreams": gettext("Dreams"),
        "goals": gettext("Goals"),
        "actions": gettext("Actions"),
        "goal_notes": gettext("Notes on goals"),
        "contacts": gettext("Contact moments"),
    }


# The installation's case numbers (cases.selectors.next_ref): DM- and four or more digits.
REF_PATTERN = re.compile(r"^DM-\d{4,}$")


def header_changes(validator) -> dict:
    """What the file's programme, organisations and cohorts change here: names and settings
    old → new, organisations and cohorts added. A changed name of the programme or of an
    organisation is a rename (`renames`), which the lead must confirm."""
    data = validator.programme
    programme = Programme.objects.filter(code=data["code"]).first()
    out: dict = {
        "programme": {"code": data["code"], "name": data["name"], "new": programme is None},
        "programme_changes": [],
        "organisations_added": [],
        "organisations_changed": [],
        "cohorts_added": [],
        "cohorts_changed": [],
        "renames": False,
    }
    if programme is not None:
        if programme.name != data["name"]:
            out["programme_changes"].append(["name", programme.name, data["name"]])
            out["renames"] = True
        age = data.get("max_age_at_intake")
        if age is not None and age != programme.max_age_at_intake:
            out["programme_changes"].append(
                ["max_age_at_intake", str(programme.max_age_at_intake), str(age)]
            )
    codes = [o["code"] for o in validator.organisations]
    known = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    for org in validator.organisations:
        here = known.get(org["code"])
        if here is None:
            out["organisations_added"].append([org["code"], org["name"]])
            continue
        if here.name != org["name"]:
            out["organisations_changed"].append([org["code"], "name", here.name, org["name"]])
            out["renames"] = True
        if here.kind != org["kind"]:
            out["organisations_changed"].append([org["code"], "kind", here.kind, org["kind"]])
    cohorts = {}
    if programme is not None:
        cohorts = {c.code: c for c in Cohort.objects.filter(programme=programme)}
    for cohort in validator.cohorts:
        here = cohorts.get(cohort["code"])
        if here is None:
            out["cohorts_added"].append([cohort["code"], cohort["name"]])
            continue
        if here.name != cohort["name"]:
            out["cohorts_changed"].append([cohort["code"], "name", here.name, cohort["name"]])
        if here.start_date != cohort["start_date"]:
            out["cohorts_changed"].append(
                [
                    cohort["code"],
                    "start_date",
                    here.start_date.isoformat(),
                    cohort["start_date"].isoformat(),
                ]
            )
    return out


def active_without_coach(programme_code: str, active: dict[str, str | None]) -> list[str]:
    """Families that would be active after the import without a coach: the file names no
    coach (or one unknown here) and she has no current coach here."""
    if not active:
        return []
    known = set(coaches_by_email({e for e in active.values() if e}))
    candidates = {ref for ref, email in active.items() if not email or email not in known}
    if not candidates:
        return []
    coached = set(
        CoachAssignment.objects.current()
        .filter(participant__programme__code=programme_code, participant__ref__in=candidates)
        .values_list("participant__ref", flat=True)
    )
    return sorted(candidates - coached)


def header_field_labels() -> dict[str, str]:
    return {
        "name": gettext("name"),
        "kind": gettext("kind"),
        "start_date": gettext("start date"),
        "max_age_at_intake": gettext("maximum age at intake"),
    }


def changed_details(programme_code: str, details: dict[str, tuple], refs) -> dict[str, list]:
    """For families that are updated: which of her own details the file changes (field names
    of `validation.DETAIL_FIELDS`). Families whose details stay the same are left out."""
    from .validation import DETAIL_FIELDS

    refs = sorted(refs)
    changed: dict[str, list] = {}
    for start in range(0, len(refs), 900):
        rows = Participant.objects.filter(
            programme__code=programme_code, ref__in=refs[start : start + 900]
        ).values_list(
            "ref",
            "given_name",
            "family_name",
            "birth_date",
            "municipality__cbs_code",
            "single_parent",
            "cohort__code",
            "intake_date",
            "start_date",
            "end_date",
            "end_reason",
        )
        for ref, *here in rows:
            here[-1] = here[-1] or None  # end_reason: "" here, null in the file
            fields = [
                name
                for name, old, new in zip(DETAIL_FIELDS, here, details.get(ref, ()), strict=False)
                if old != new
            ]
            if fields:
                changed[ref] = fields
    return changed
