"""Group meetings: calendar, planning, attendance, .ics export."""

app_name = "meetings"

urlpatterns: list = []
