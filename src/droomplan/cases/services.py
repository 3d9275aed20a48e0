"""Writes to the case file. Each write leaves an access-log entry."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.access.policy import (
    Verb,
    can,
    consented_domains_by_organisation,
    may_share_note,
)
from droomplan.access.policy.staff import can_coach
from droomplan.accounts.models import Organisation, User
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.core.concurrency import claim_version
from droomplan.core.domains import LifeDomain
from droomplan.core.events import Kind, notify
from droomplan.programmes.models import Cohort, Programme

from .eligibility import is_eligible
from .models import (
    Child,
    CoachAssignment,
    Contact,
    EndReason,
    Participant,
    Status,
    StatusChange,
)
from .selectors import cohort_is_full, eligibility_for, next_ref, possible_duplicates

CONTACT_EDIT_WINDOW = datetime.timedelta(hours=24)


def _log(actor: User, action: str, participant: Participant, obj, detail: str = "") -> None:
    record(
        request=None,
        user=actor,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "case",
        object_id=getattr(obj, "pk", "") if obj is not None else participant.pk,
        participant=participant,
        detail=detail,
    )


class PossibleDuplicate(ValidationError):
    """Registering would probably register the same mother twice: `matches` are the files."""

    def __init__(self, matches: list[Participant]):
        self.matches = matches
        super().__init__(
            {
                "duplicate_confirmed": _(
                    "A mother with this date of birth and a very similar name is already "
                    "registered. Check that this is someone else; then tick the box to register "
                    "her anyway."
                )
            },
        )


@dataclass(frozen=True)
class ChildData:
    given_name: str
    birth_date: datetime.date
    childcare: str = ""
    school: str = ""


@transaction.atomic
def register_participant(
    *,
    actor: User,
    programme: Programme,
    given_name: str,
    family_name: str,
    birth_date: datetime.date,
    municipality,
    intake_date: datetime.date,
    single_parent: bool = True,
    has_starting_qualification: bool = False,
    has_paid_work: bool = False,
    phone: str = "",
    email: str = "",
    address: str = "",
    cohort: Cohort | None = None,
    children: list[ChildData] | None = None,
    coach: User | None = None,
    ref: str | None = None,
    duplicate_confirmed: bool = False,
) -> Participant:
    """Register a mother at intake. Eligibility is checked when her trajectory starts.

    Without a chosen coach, a coach who registers her becomes her coach. A mother with the
    same birth date and a similar name (`possible_duplicates`) is refused with
    `PossibleDuplicate` unless the user confirmed she is someone else; that is logged."""
    duplicates = possible_duplicates(
        given_name=given_name, family_name=family_name, birth_date=birth_date
    )
    if duplicates and not duplicate_confirmed:
        raise PossibleDuplicate(duplicates)
    if coach is None and can_coach(actor):
        coach = actor
    participant = Participant(
        programme=programme,
        ref=ref or next_ref(programme),
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        municipality=municipality,
        intake_date=intake_date,
        single_parent=single_parent,
        has_starting_qualification=has_starting_qualification,
        has_paid_work=has_paid_work,
        phone=phone,
        email=email,
        address=address,
        status=Status.INTAKE,
    )
    participant.full_clean()
    participant.save()
    StatusChange.objects.create(
        participant=participant,
        from_status="",
        to_status=Status.INTAKE,
        date=intake_date,
        changed_by=actor,
    )
    for child in children or []:
        Child.objects.create(participant=participant, **child.__dict__)
    _log(actor, Action.CREATE, participant, participant, "intake")
    if duplicates:
        refs = ", ".join(d.ref for d in duplicates)
        _log(actor, Action.CREATE, participant, participant, f"registered despite match: {refs}")
    if cohort is not None:
        set_cohort(actor=actor, participant=participant, cohort=cohort)
    if coach is not None:
        assign_coach(actor=actor, participant=participant, coach=coach, on_date=intake_date)
    return participant


@transaction.atomic
def update_participant(
    *, actor: User, participant: Participant, version: int | None = None, **fields
) -> Participant:
    """Change her details. `version`: the version the edit form was opened on (see
    `core.concurrency`); raises EditConflict when someone else saved in the meantime."""
    allowed = {
        "given_name",
        "family_name",
        "birth_date",
        "phone",
        "email",
        "address",
        "municipality",
        "single_parent",
        "has_starting_qualification",
        "has_paid_work",
        "intake_date",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot update {sorted(unknown)} here.")
    claim_version(participant, version)
    changed = [name for name, value in fields.items() if getattr(participant, name) != value]
    for name in changed:
        setattr(participant, name, fields[name])
    participant.full_clean()
    participant.save()
    _log(actor, Action.UPDATE, participant, participant, "changed: " + ", ".join(changed))
    return participant


@transaction.atomic
def set_cohort(*, actor: User, participant: Participant, cohort: Cohort | None) -> Participant:
    """Place her in a group; when the group is full she goes on its waiting list."""
    if cohort is not None and cohort.programme_id != participant.programme_id:
        raise ValidationError({"cohort": _("This group belongs to another programme.")})
    participant.cohort = cohort
    participant.on_waiting_list = bool(cohort and cohort_is_full(cohort, exclude=participant))
    participant.save(update_fields=["cohort", "on_waiting_list", "updated_at"])
    detail = "waiting list" if participant.on_waiting_list else "placed"
    _log(actor, Action.UPDATE, participant, participant, f"group: {cohort or '-'} ({detail})")
    return participant


@transaction.atomic
def admit_despite_rules(*, actor: User, participant: Participant, reason: str) -> Participant:
    """A programme lead admits a mother who fails a rule, with the reason recorded."""
    if not can(actor, Verb.OVERRIDE_ELIGIBILITY):
        raise ValidationError(_("Only the programme lead can admit a mother outside the rules."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write down why she is admitted.")})
    participant.eligibility_override = reason
    participant.eligibility_override_by = actor
    participant.save(
        update_fields=["eligibility_override", "eligibility_override_by", "updated_at"]
    )
    _log(actor, Action.UPDATE, participant, participant, "admitted despite the rules")
    return participant


@transaction.atomic
def start_trajectory(
    *, actor: User, participant: Participant, start_date: datetime.date
) -> Participant:
    if participant.status != Status.INTAKE:
        raise ValidationError(_("Only a mother in intake can start the trajectory."))
    if start_date < participant.intake_date:
        raise ValidationError({"start_date": _("The start date cannot be before the intake date.")})
    if not is_eligible(eligibility_for(participant)) and not participant.eligibility_override:
        raise ValidationError(
            _("She does not meet every rule. The programme lead can admit her with a reason.")
        )
    if participant.on_waiting_list:
        raise ValidationError(_("She is on the waiting list of a full group."))
    return _change_status(actor, participant, Status.ACTIVE, start_date, "")


@transaction.atomic
def end_trajectory(
    *,
    actor: User,
    participant: Participant,
    end_date: datetime.date,
    end_reason: str,
    note: str = "",
) -> Participant:
    if participant.status == Status.ENDED:
        raise ValidationError(_("This trajectory has already ended."))
    if end_reason not in EndReason.values:
        raise ValidationError({"end_reason": _("Choose why the trajectory ends.")})
    since = participant.start_date or participant.intake_date
    if end_date < since:
        raise ValidationError({"end_date": _("The end date cannot be before the start.")})
    participant.end_reason = end_reason
    return _change_status(actor, participant, Status.ENDED, end_date, note)


def _change_status(actor, participant, to_status, on_date, reason) -> Participant:
    StatusChange.objects.create(
        participant=participant,
        from_status=participant.status,
        to_status=to_status,
        date=on_date,
        reason=reason,
        changed_by=actor,
    )
    participant.status = to_status
    if to_status == Status.ACTIVE:
        participant.start_date = on_date
    if to_status == Status.ENDED:
        participant.end_date = on_date
    participant.save()
    _log(actor, Action.UPDATE, participant, participant, f"status: {to_status}")
    return participant


@transaction.atomic
def assign_coach(
    *,
    actor: User,
    participant: Participant,
    coach: User,
    on_date: datetime.date,
    handover_note: str = "",
) -> CoachAssignment:
    """Make `coach` the family's one coach. A change of coach needs a handover note."""
    if not can_coach(coach):
        raise ValidationError({"coach": _("This person is not an active coach.")})
    current = (
        CoachAssignment.objects.select_for_update()
        .current()
        .filter(participant=participant)
        .first()
    )
    if current is not None:
        if current.coach_id == coach.pk:
            raise ValidationError({"coach": _("She is already this family's coach.")})
        if not handover_note.strip():
            raise ValidationError({"handover_note": _("Write a handover note for the new coach.")})
        if on_date < current.started_on:
            raise ValidationError({"on_date": _("The date is before the current coach started.")})
        current.ended_on = on_date
        current.save(update_fields=["ended_on"])
    assignment = CoachAssignment.objects.create(
        participant=participant,
        coach=coach,
        started_on=on_date,
        handover_note=handover_note.strip(),
        assigned_by=actor,
    )
    _log(actor, Action.UPDATE, participant, assignment, f"coach: {coach.username}")
    notify(
        kind=Kind.HANDOVER,
        recipients=[coach],
        participant=participant,
        about=assignment,
        url=reverse("cases:detail", args=[participant.pk]),
        actor=actor,
    )
    return assignment


@transaction.atomic
def mark_handover_read(*, actor: User, assignment: CoachAssignment) -> None:
    if assignment.coach_id == actor.pk and assignment.handover_read_at is None:
        assignment.handover_read_at = timezone.now()
        assignment.save(update_fields=["handover_read_at"])
        _log(actor, Action.UPDATE, assignment.participant, assignment, "handover note read")


@transaction.atomic
def save_child(
    *, actor: User, participant: Participant, child: Child | None = None, **fields
) -> Child:
    child = child or Child(participant=participant)
    for name, value in fields.items():
        setattr(child, name, value)
    child.full_clean()
    created = child.pk is None
    child.save()
    _log(actor, Action.CREATE if created else Action.UPDATE, participant, child)
    return child


@transaction.atomic
def log_contact(
    *,
    actor: User,
    participant: Participant,
    date: datetime.date,
    kind: str,
    duration_minutes: int,
    note: str,
    domain: str = "",
    shared_with=(),
    corrects: Contact | None = None,
    professionals_only: bool = False,
    professionals_only_reason: str = "",
) -> Contact:
    """A contact moment. Its text is for the mother to read too (in her portal), unless its
    author marks it `professionals_only` with a short reason."""
    if date > timezone.localdate():
        raise ValidationError({"date": _("A contact moment cannot be in the future.")})
    contact = Contact(
        participant=participant,
        author=actor,
        date=date,
        kind=kind,
        duration_minutes=duration_minutes,
        note=note,
        domain=domain,
        corrects=corrects,
        professionals_only=professionals_only,
        professionals_only_reason=professionals_only_reason,
    )
    contact.full_clean()
    _check_sharing(participant, domain, shared_with)
    contact.save()
    contact.shared_with.set(shared_with)
    _log(actor, Action.CREATE, participant, contact, "correction" if corrects else "")
    return contact


def _check_sharing(participant: Participant, domain: str, shared_with) -> None:
    """Sharing follows consent (`access.policy.may_share_note`): refuse a note shared with an
    organisation whose valid consent does not cover the note's life domain."""
    organisations = list(shared_with)
    if not organisations:
        return
    if not domain:
        raise ValidationError(
            {"domain": _("Choose the part of her life this note is about, to share it.")}
        )
    consented = consented_domains_by_organisation(participant)
    refused = [o for o in organisations if not may_share_note(consented, _pk(o), domain)]
    if refused:
        names = Organisation.objects.filter(pk__in=[_pk(o) for o in refused]).order_by("name")
        raise ValidationError(
            {
                "shared_with": _(
                    "She has not given consent to share notes about %(domain)s with: "
                    "%(organisations)s."
                )
                % {
                    "domain": LifeDomain(domain).label.lower(),
                    "organisations": ", ".join(o.name for o in names),
                }
            }
        )


def _pk(organisation) -> int:
    return organisation if isinstance(organisation, int) else organisation.pk


def contact_is_editable(contact: Contact, user: User, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return contact.author_id == user.pk and now - contact.created_at < CONTACT_EDIT_WINDOW


@transaction.atomic
def edit_contact(
    *, actor: User, contact: Contact, shared_with=None, version: int | None = None, **fields
) -> Contact:
    if not contact_is_editable(contact, actor):
        raise ValidationError(_("This note can no longer be changed. Add a correction instead."))
    claim_version(contact, version)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    if shared_with is None:
        shared_with = list(contact.shared_with.all())
    _check_sharing(contact.participant, contact.domain, shared_with)
    contact.save()
    contact.shared_with.set(shared_with)
    _log(actor, Action.UPDATE, contact.participant, contact)
    return contact
