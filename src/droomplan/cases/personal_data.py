"""The case file's part of the mother's privacy rights (see docs/privacy-rights.md):
everything it holds on her (inzage), anonymisation at the end of the retention period, and
the structured facts for the pseudonymised research export."""

import datetime

from django.db.models import Count, Sum
from django.utils.translation import gettext

from .models import CoachAssignment, Contact, Participant, StatusChange

LABEL = "case_file"
ANONYMISED_NAME = "Geanonimiseerd"


def _name(user) -> str:
    return str(user) if user is not None else ""


def _year_only(day: datetime.date | None) -> datetime.date | None:
    """A date of birth reduced to its year (1 July), so age stays right within half a year."""
    return day.replace(month=7, day=1) if day else day


def export(participant: Participant) -> dict:
    p = Participant.objects.select_related("municipality", "programme", "cohort").get(
        pk=participant.pk
    )
    return {
        "participant": {
            "ref": p.ref,
            "given_name": p.given_name,
            "family_name": p.family_name,
            "birth_date": p.birth_date,
            "phone": p.phone,
            "email": p.email,
            "address": p.address,
            "municipality": str(p.municipality),
            "programme": str(p.programme),
            "single_parent": p.single_parent,
            "has_starting_qualification": p.has_starting_qualification,
            "has_paid_work": p.has_paid_work,
            "cohort": str(p.cohort) if p.cohort else "",
            "on_waiting_list": p.on_waiting_list,
            "status": p.get_status_display(),
            "intake_date": p.intake_date,
            "start_date": p.start_date,
            "end_date": p.end_date,
            "end_reason": p.get_end_reason_display() if p.end_reason else "",
            "eligibility_override": p.eligibility_override,
            "has_own_login": p.user_id is not None,
            "created_at": p.created_at,
            "updated_at": p.updated_at,
        },
        "children": [
            {
                "given_name": c.given_name,
                "birth_date": c.birth_date,
                "childcare": c.childcare,
                "school": c.school,
            }
            for c in p.children.all()
        ],
        "status_history": [
            {
                "date": s.date,
                "from_status": s.get_from_status_display() if s.from_status else "",
                "to_status": s.get_to_status_display(),
                "reason": s.reason,
                "changed_by": _name(s.changed_by),
            }
            for s in p.status_changes.select_related("changed_by")
        ],
        "coach_assignments": [
            {
                "coach": _name(a.coach),
                "started_on": a.started_on,
                "ended_on": a.ended_on,
                "handover_note": a.handover_note,
                "handover_read_at": a.handover_read_at,
                "assigned_by": _name(a.assigned_by),
            }
            for a in p.coach_assignments.select_related("coach", "assigned_by")
        ],
        "contacts": [
            {
                "date": c.date,
                "kind": c.get_kind_display(),
                "duration_minutes": c.duration_minutes,
                "note": c.note,
                "author": _name(c.author),
                "corrects": c.corrects.date if c.corrects_id else None,
                "shared_with": [o.name for o in c.shared_with.all()],
                "professionals_only": c.professionals_only,
                "professionals_only_reason": c.professionals_only_reason,
                "created_at": c.created_at,
            }
            for c in p.contacts.select_related("author", "corrects")
            .prefetch_related("shared_with")
            .order_by("date", "created_at", "pk")
        ],
    }


def for_participant(content: dict) -> dict:
    """Her own copy from her portal: the text of a note its author marked "only for
    professionals" is left out (and its reason), as on her portal pages
    (`access.policy.portal_rights.sees_contact_text`); that the contact happened stays."""
    hidden = gettext("Only for professionals.")
    contacts = []
    for row in content.get("contacts", []):
        row = dict(row)
        if row.pop("professionals_only", False):
            row["note"] = hidden
        row.pop("professionals_only_reason", None)
        contacts.append(row)
    return {**content, "contacts": contacts}


def anonymise(participant: Participant) -> int:
    """Remove names, contact details and free text; keep dates, figures and codes (status,
    municipality, group, end reason), so she still counts in the outcome reports. The case
    number stays. Returns the number of records changed (0 the second time)."""
    changed = 0
    p = Participant.objects.select_related("user").get(pk=participant.pk)
    cleared = {
        "given_name": ANONYMISED_NAME,
        "family_name": "",
        "phone": "",
        "email": "",
        "address": "",
        # A dash keeps the fact that she was admitted despite the rules, without the reason.
        "eligibility_override": "—" if p.eligibility_override else "",
        "birth_date": _year_only(p.birth_date),
        "user": None,
    }
    if p.user is not None:
        account = p.user
        account.first_name = account.last_name = account.email = ""
        account.username = f"geanonimiseerd-{p.pk}"
        account.is_active = False
        account.set_unusable_password()
        account.save()
        changed += 1
    if any(getattr(p, field) != value for field, value in cleared.items()):
        Participant.objects.filter(pk=p.pk).update(**cleared)
        changed += 1
    for number, child in enumerate(p.children.order_by("birth_date", "pk"), start=1):
        values = {
            "given_name": f"Kind {number}",
            "childcare": "",
            "school": "",
            "birth_date": _year_only(child.birth_date),
        }
        if any(getattr(child, field) != value for field, value in values.items()):
            type(child).objects.filter(pk=child.pk).update(**values)
            changed += 1
    changed += StatusChange.objects.filter(participant=p).exclude(reason="").update(reason="")
    changed += (
        CoachAssignment.objects.filter(participant=p)
        .exclude(handover_note="")
        .update(handover_note="")
    )
    changed += Contact.objects.filter(participant=p).exclude(note="").update(note="")
    return changed


def research(participant: Participant) -> dict:
    """Structured facts only: no names, no free text. Her quasi-identifiers (municipality,
    birth date, children, start: who she is) are not here: `access.research` gives them
    generalised, and turns every date into months since her start."""
    p = participant
    contacts = Contact.objects.filter(participant=p).aggregate(
        count=Count("pk"), minutes=Sum("duration_minutes")
    )
    by_kind = dict(
        Contact.objects.filter(participant=p)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    return {
        "programme": p.programme.code,
        "single_parent": p.single_parent,
        "has_starting_qualification": p.has_starting_qualification,
        "has_paid_work": p.has_paid_work,
        "status": p.status,
        "on_waiting_list": p.on_waiting_list,
        "intake_date": p.intake_date,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "end_reason": p.end_reason or None,
        "admitted_despite_rules": bool(p.eligibility_override),  # "—" once anonymised
        "status_history": [
            {"to_status": s.to_status, "date": s.date} for s in p.status_changes.all()
        ],
        "coach_changes": max(p.coach_assignments.count() - 1, 0),
        "contacts_count": contacts["count"],
        "contact_minutes": contacts["minutes"] or 0,
        "contacts_by_kind": by_kind,
        "anonymised": p.anonymised_at is not None,
    }
