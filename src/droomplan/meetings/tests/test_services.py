import datetime

import pytest
from django.core.exceptions import ValidationError

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.audit.models import AccessLogEntry
from droomplan.meetings import services
from droomplan.meetings.models import Attendance, AttendanceStatus, GroupSession
from droomplan.meetings.selectors import (
    Rate,
    attendance_summary,
    participant_attendance,
    rate_of,
)
from droomplan.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def plan(actor, groups, today, **kwargs):
    kwargs.setdefault("cohorts", groups)
    data = {
        "date": today,
        "start_time": datetime.time(10),
        "end_time": datetime.time(12),
        "place": "Buurthuis",
        "theme": "Budgetteren",
        **kwargs,
    }
    return services.plan_session(actor=actor, **data)


def test_planning_invites_the_active_mothers_of_the_groups(coach, cohort, mothers, today):
    session = plan(coach, [cohort], today, facilitators=[coach])
    invited = set(session.attendances.values_list("participant", flat=True))
    assert invited == {mothers["own1"].pk, mothers["own2"].pk, mothers["other"].pk}
    assert set(session.attendances.values_list("status", flat=True)) == {""}
    log = AccessLogEntry.objects.filter(object_type="attendance", action="create")
    assert {e.participant_id for e in log} == invited


def test_without_invite_nobody_is_invited(coach, cohort, mothers, today):
    session = plan(coach, [cohort], today, invite=False)
    assert not session.attendances.exists()


def test_several_groups(coach, cohort, cohort2, mothers, other_coach, today):
    from droomplan.meetings.tests.conftest import mother

    extra = mother(cohort2, other_coach)
    session = plan(coach, [cohort, cohort2], today)
    assert session.attendances.filter(participant=extra).exists()
    assert session.attendances.count() == 4


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cohorts": []}, "cohorts"),
        ({"end_time": datetime.time(9)}, "end_time"),
        ({"end_time": datetime.time(10)}, "end_time"),
        ({"place": "  "}, "place"),
        ({"theme": ""}, "theme"),
        ({"theme": "x" * 201}, "theme"),
        ({"date": datetime.date(1999, 1, 1)}, "date"),
        ({"childcare_arranged": True}, "childcare_organisation"),
    ],
)
def test_planning_refuses_bad_input(coach, cohort, today, change, field):
    with pytest.raises(ValidationError) as info:
        plan(coach, [cohort], today, **change)
    assert field in info.value.message_dict
    assert not GroupSession.objects.exists()


def test_childcare_needs_a_childcare_organisation(coach, cohort, today, mik):
    with pytest.raises(ValidationError) as info:
        plan(
            coach,
            [cohort],
            today,
            childcare_arranged=True,
            childcare_organisation=OrganisationFactory(kind="credit_bank"),
        )
    assert "childcare_organisation" in info.value.message_dict
    with pytest.raises(ValidationError):
        plan(coach, [cohort], today, childcare_organisation=mik)
    session = plan(coach, [cohort], today, childcare_arranged=True, childcare_organisation=mik)
    assert session.childcare_organisation == mik


def test_groups_of_two_programmes_and_wrong_facilitators_are_refused(coach, cohort, today):
    other = CohortFactory(programme=ProgrammeFactory())
    with pytest.raises(ValidationError) as info:
        plan(coach, [cohort, other], today)
    assert "cohorts" in info.value.message_dict
    analyst = UserFactory(role=Role.ANALYST)
    with pytest.raises(ValidationError) as info:
        plan(coach, [cohort], today, facilitators=[analyst])
    assert "facilitators" in info.value.message_dict


def test_changing_the_groups_follows_the_invitations(
    coach, other_coach, cohort, cohort2, mothers, today
):
    from droomplan.meetings.tests.conftest import mother

    extra = mother(cohort2, other_coach)
    session = plan(coach, [cohort], today)
    services.record_attendance(
        actor=coach, session=session, statuses={mothers["own1"].pk: "present"}, today=today
    )
    kwargs = {
        "date": today,
        "start_time": datetime.time(10),
        "end_time": datetime.time(12),
        "place": "Buurthuis",
        "theme": "Budgetteren",
    }
    services.update_session(actor=coach, session=session, cohorts=[cohort2], **kwargs)
    invited = set(session.attendances.values_list("participant", flat=True))
    # Group 2's mother is invited; group 1 is no longer chosen: its invitations without a
    # recorded attendance go, the recorded one stays.
    assert extra.pk in invited
    assert mothers["own1"].pk in invited
    assert mothers["own2"].pk not in invited


def test_recording_attendance(coach, cohort, mothers, today):
    session = plan(coach, [cohort], today)
    changed = services.record_attendance(
        actor=coach,
        session=session,
        statuses={
            mothers["own1"].pk: AttendanceStatus.PRESENT,
            mothers["own2"].pk: AttendanceStatus.EXCUSED,
            mothers["other"].pk: "",
        },
    )
    assert changed == 2
    own1 = Attendance.objects.get(session=session, participant=mothers["own1"])
    assert own1.status == "present" and own1.recorded_by == coach and own1.recorded_at
    updates = AccessLogEntry.objects.filter(object_type="attendance", action="update")
    assert {e.participant_id for e in updates} == {mothers["own1"].pk, mothers["own2"].pk}
    # Unchanged values are not written again.
    assert (
        services.record_attendance(
            actor=coach, session=session, statuses={mothers["own1"].pk: "present"}
        )
        == 0
    )


def test_attendance_refuses_future_strangers_and_nonsense(coach, cohort, mothers, today):
    future = plan(coach, [cohort], today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=coach, session=future, statuses={mothers["own1"].pk: "present"}
        )
    session = plan(coach, [cohort], today)
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=coach, session=session, statuses={mothers["intake"].pk: "present"}
        )
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=coach, session=session, statuses={mothers["own1"].pk: "maybe"}
        )
    assert not Attendance.objects.exclude(status="").exists()


def test_report(coach, cohort, today):
    session = plan(coach, [cohort], today)
    services.save_report(actor=coach, session=session, report="  Goede middag.  ")
    session.refresh_from_db()
    assert session.report == "Goede middag." and session.report_by == coach
    with pytest.raises(ValidationError):
        services.save_report(actor=coach, session=session, report="x" * 6001)


def test_rates():
    rate = rate_of(["present", "present", "excused", "absent", ""])
    assert (rate.present, rate.excused, rate.absent, rate.open) == (2, 1, 1, 1)
    assert rate.recorded == 4
    assert rate.percentage == 50  # absent with notice counts as not present
    assert Rate().percentage is None
    assert rate_of(["present", "present", "absent"]).percentage == 67


def test_participant_attendance_counts_only_past_meetings(coach, cohort, mothers, today):
    past = plan(coach, [cohort], today - datetime.timedelta(days=7))
    plan(coach, [cohort], today + datetime.timedelta(days=7))
    services.record_attendance(actor=coach, session=past, statuses={mothers["own1"].pk: "present"})
    data = participant_attendance(mothers["own1"])
    assert len(data["past"]) == 1 and len(data["coming"]) == 1
    assert data["rate"].percentage == 100


def test_the_overview_line_agrees_with_her_meetings_in_one_query(
    coach, cohort, mothers, today, django_assert_num_queries
):
    """Issue 18: invited or not, the rate and the next meeting in one query of two columns."""
    own1 = mothers["own1"]
    assert attendance_summary(own1) == (False, Rate(), None)
    days = [-14, -7, 0, 7, 3]
    sessions = [plan(coach, [cohort], today + datetime.timedelta(days=d)) for d in days]
    services.record_attendance(actor=coach, session=sessions[0], statuses={own1.pk: "present"})
    services.record_attendance(actor=coach, session=sessions[1], statuses={own1.pk: "absent"})
    data = participant_attendance(own1)
    with django_assert_num_queries(1):
        invited, rate, next_on = attendance_summary(own1)
    assert invited and rate == data["rate"] and rate.recorded == 2 and rate.open == 1
    assert next_on == data["coming"][0].session.date == today + datetime.timedelta(days=3)
