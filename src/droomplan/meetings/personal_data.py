"""Group meetings in the mother's privacy rights: the meetings she was invited to and her
attendance. Attendance holds no free text about her, so anonymising changes nothing (the
figures stay for the group's attendance rate)."""

from .models import Attendance

LABEL = "meetings"


def export(participant) -> list[dict]:
    attendances = (
        Attendance.objects.filter(participant=participant)
        .select_related("session")
        .order_by("session__date", "session__start_time", "pk")
    )
    return [
        {
            "date": a.session.date.isoformat(),
            "start_time": a.session.start_time.strftime("%H:%M"),
            "end_time": a.session.end_time.strftime("%H:%M"),
            "theme": a.session.theme,
            "place": a.session.place,
            "attendance": a.get_status_display() if a.status else "",
        }
        for a in attendances
    ]


def anonymise(participant) -> int:
    return 0
