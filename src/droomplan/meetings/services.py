"""Writes for group meetings: planning, inviting the mothers of the groups, attendance and
the report. Each change to a mother's attendance leaves an access-log entry."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.access.policy import staff
from droomplan.access.policy.staff import can_facilitate
from droomplan.accounts.models import Organisation, OrganisationKind, User
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.cases.models import Participant
from droomplan.core.events import Kind, notify
from droomplan.programmes.models import Cohort

from .models import Attendance, AttendanceStatus, GroupSession, Reply
from .selectors import invitable_mothers

MAX_YEARS_AHEAD = 2


def _log(actor: User, action: str, participant: Participant, obj, detail: str = "") -> None:
    record(
        request=None,
        user=actor,
        action=action,
        object_type="attendance",
        object_id=obj.pk,
        participant=participant,
        detail=detail,
    )


def _required(value: str, field: str, message: str, maximum: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError({field: message})
    if len(value) > maximum:
        raise ValidationError(
            {
                field: _("This text is too long: %(length)d characters. The maximum is %(max)d.")
                % {"length": len(value), "max": maximum}
            }
        )
    return value


def _check(
    *,
    cohorts: list[Cohort],
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str,
    theme: str,
    description: str,
    facilitators: list[User],
    childcare_arranged: bool,
    childcare_organisation: Organisation | None,
    today: datetime.date,
) -> dict:
    errors: dict[str, str] = {}
    if not cohorts:
        errors["cohorts"] = _("Choose at least one group.")
    elif len({c.programme_id for c in cohorts}) > 1:
        errors["cohorts"] = _("Choose groups of one programme.")
    if date is None:
        errors["date"] = _("Choose the date.")
    else:
        try:
            latest = today.replace(year=today.year + MAX_YEARS_AHEAD)
            earliest = today.replace(year=today.year - MAX_YEARS_AHEAD)
        except ValueError:  # 29 February
            latest = today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)
            earliest = today.replace(year=today.year - MAX_YEARS_AHEAD, day=28)
        if not earliest <= date <= latest:
            errors["date"] = _("Choose a date within %(years)d years from today.") % {
                "years": MAX_YEARS_AHEAD
            }
    if start_time and end_time and end_time <= start_time:
        errors["end_time"] = _("The meeting must end after it starts.")
    for user in facilitators:
        if not can_facilitate(user):
            errors["facilitators"] = _(
                "%(name)s cannot facilitate: only coaches, partner professionals and the "
                "programme lead can."
            ) % {"name": user}
    if childcare_arranged and childcare_organisation is None:
        errors["childcare_organisation"] = _("Choose the organisation that arranges childcare.")
    if childcare_organisation is not None:
        if not childcare_arranged:
            errors["childcare_organisation"] = _(
                "Only choose an organisation when childcare is arranged."
            )
        elif childcare_organisation.kind != OrganisationKind.CHILDCARE:
            errors["childcare_organisation"] = _("Choose a childcare organisation.")
    cleaned = {}
    for field, value, message, maximum in (
        ("place", place, _("Write down where the meeting is."), 200),
        ("theme", theme, _("Write down the theme of the meeting."), 200),
    ):
        try:
            cleaned[field] = _required(value, field, message, maximum)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    description = (description or "").strip()
    if len(description) > 2000:
        errors["description"] = _(
            "This text is too long: %(length)d characters. The maximum is %(max)d."
        ) % {"length": len(description), "max": 2000}
    if errors:
        raise ValidationError(errors)
    cleaned["description"] = description
    return cleaned


@transaction.atomic
def plan_session(
    *,
    actor: User,
    cohorts: list[Cohort],
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str,
    theme: str,
    description: str = "",
    facilitators: list[User] | None = None,
    children_welcome: bool = False,
    childcare_arranged: bool = False,
    childcare_organisation: Organisation | None = None,
    invite: bool = True,
    today: datetime.date | None = None,
) -> GroupSession:
    """Plan a meeting for one or more groups; with `invite`, the active mothers of those
    groups are invited at once."""
    cohorts = list(cohorts)
    facilitators = list(facilitators or [])
    cleaned = _check(
        cohorts=cohorts,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        theme=theme,
        description=description,
        facilitators=facilitators,
        childcare_arranged=childcare_arranged,
        childcare_organisation=childcare_organisation,
        today=today or timezone.localdate(),
    )
    session = GroupSession.objects.create(
        programme_id=cohorts[0].programme_id,
        date=date,
        start_time=start_time,
        end_time=end_time,
        children_welcome=children_welcome,
        childcare_arranged=childcare_arranged,
        childcare_organisation=childcare_organisation,
        created_by=actor,
        **cleaned,
    )
    session.cohorts.set(cohorts)
    session.facilitators.set(facilitators)
    if invite:
        invite_mothers(actor=actor, session=session)
    return session


@transaction.atomic
def update_session(
    *,
    actor: User,
    session: GroupSession,
    cohorts: list[Cohort],
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str,
    theme: str,
    description: str = "",
    facilitators: list[User] | None = None,
    children_welcome: bool = False,
    childcare_arranged: bool = False,
    childcare_organisation: Organisation | None = None,
    invite: bool = True,
    today: datetime.date | None = None,
) -> GroupSession:
    """Change the meeting. With `invite`, the invitations follow the groups: mothers of a
    group that was added are invited; invitations of a removed group go, unless her
    attendance was already recorded."""
    cohorts = list(cohorts)
    facilitators = list(facilitators or [])
    cleaned = _check(
        cohorts=cohorts,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        theme=theme,
        description=description,
        facilitators=facilitators,
        childcare_arranged=childcare_arranged,
        childcare_organisation=childcare_organisation,
        today=today or timezone.localdate(),
    )
    for field, value in {
        **cleaned,
        "programme_id": cohorts[0].programme_id,
        "date": date,
        "start_time": start_time,
        "end_time": end_time,
        "children_welcome": children_welcome,
        "childcare_arranged": childcare_arranged,
        "childcare_organisation": childcare_organisation,
    }.items():
        setattr(session, field, value)
    session.save()
    session.cohorts.set(cohorts)
    session.facilitators.set(facilitators)
    session.__dict__.pop("_facilitator_ids", None)
    if invite:
        invite_mothers(actor=actor, session=session)
    return session


@transaction.atomic
def invite_mothers(*, actor: User, session: GroupSession) -> int:
    """Bring the invitations in line with the meeting's groups. Returns how many changed."""
    wanted = {p.pk: p for p in invitable_mothers(session.cohorts.all())}
    current = {a.participant_id: a for a in session.attendances.select_related("participant").all()}
    changed = 0
    for pk, participant in wanted.items():
        if pk not in current:
            attendance = Attendance.objects.create(session=session, participant=participant)
            _log(actor, AuditAction.CREATE, participant, attendance, f"invited to {session.pk}")
            notify(
                kind=Kind.MEETING_INVITATION,
                recipients=staff.mother_of(participant),
                participant=participant,
                about=attendance,
                url=reverse("core:home"),
                params={"date": session.date},
                actor=actor,
            )
            changed += 1
    cohort_ids = {c.pk for c in session.cohorts.all()}
    for pk, attendance in current.items():
        participant = attendance.participant
        if pk in wanted or attendance.status or participant.cohort_id in cohort_ids:
            continue
        _log(actor, AuditAction.DELETE, participant, attendance, f"uninvited from {session.pk}")
        attendance.delete()
        changed += 1
    return changed


@transaction.atomic
def record_attendance(
    *,
    actor: User,
    session: GroupSession,
    statuses: dict[int, str],
    today: datetime.date | None = None,
) -> int:
    """Record who came: `statuses` maps participant ids of invited mothers to present,
    excused, absent, or "" (not recorded). Returns the number of mothers changed."""
    today = today or timezone.localdate()
    if session.date > today:
        raise ValidationError(_("Attendance can be recorded from the day of the meeting."))
    allowed = set(AttendanceStatus.values) | {""}
    attendances = {
        a.participant_id: a
        for a in session.attendances.select_for_update().select_related("participant")
    }
    unknown = [pk for pk in statuses if pk not in attendances]
    if unknown:
        raise ValidationError(_("One of these mothers is not invited to this meeting."))
    if any(value not in allowed for value in statuses.values()):
        raise ValidationError(_("Choose present, absent with notice or absent."))
    now = timezone.now()
    changed = 0
    for pk, value in statuses.items():
        attendance = attendances[pk]
        if attendance.status == value:
            continue
        attendance.status = value
        attendance.recorded_by = actor if value else None
        attendance.recorded_at = now if value else None
        attendance.save(update_fields=["status", "recorded_by", "recorded_at"])
        _log(
            actor,
            AuditAction.UPDATE,
            attendance.participant,
            attendance,
            f"attendance: {value or 'not recorded'}",
        )
        changed += 1
    return changed


@transaction.atomic
def save_report(*, actor: User, session: GroupSession, report: str) -> GroupSession:
    """The short report afterwards: what happened, what the group wants next time."""
    report = (report or "").strip()
    maximum = GroupSession._meta.get_field("report").max_length
    if len(report) > maximum:
        raise ValidationError(
            {
                "report": _("This text is too long: %(length)d characters. The maximum is %(max)d.")
                % {"length": len(report), "max": maximum}
            }
        )
    session.report = report
    session.report_by = actor if report else None
    session.report_at = timezone.now() if report else None
    session.save(update_fields=["report", "report_by", "report_at", "updated_at"])
    return session


@transaction.atomic
def answer_invitation(
    *, actor: User, attendance: Attendance, reply: str, today: datetime.date | None = None
) -> Attendance:
    """The mother answers the invitation in her portal: coming or not (until the day of the
    meeting; she may change her answer). Her coach and the programme lead see the answer."""
    today = today or timezone.localdate()
    if reply not in Reply.values:
        raise ValidationError({"reply": _("Choose: I am coming, or I cannot come.")})
    if attendance.session.date < today:
        raise ValidationError({"reply": _("This meeting has already taken place.")})
    if attendance.reply != reply:
        attendance.reply = reply
        attendance.replied_at = timezone.now()
        attendance.save(update_fields=["reply", "replied_at"])
        _log(actor, AuditAction.UPDATE, attendance.participant, attendance, f"reply: {reply}")
    return attendance
