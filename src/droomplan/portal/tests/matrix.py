"""The ids the portal's URLs take in the access matrix (tests/test_access_matrix.py): things of
the world's mother (her plan's goal and action are in the world already), so another mother's
login is refused them."""

import datetime

from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory


def kwargs(world) -> dict:
    mother = world["mother"]
    session = GroupSessionFactory(
        programme=mother.programme, date=datetime.date.today() + datetime.timedelta(days=7)
    )
    attendance = AttendanceFactory(session=session, participant=mother)
    # Positieve Gezondheid is due for her (none in the last follow-up period).
    return {
        "attendance_pk": attendance.pk,
        "code": "positieve-gezondheid",
        "consent_pk": world["consent"].pk,  # her consent for a partner organisation
    }
