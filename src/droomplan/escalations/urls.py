"""The board's escalation queue, decisions and figures."""

app_name = "escalations"

urlpatterns: list = []
