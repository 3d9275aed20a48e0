"""Opening an escalation from a participant's plan."""

app_name = "escalations_case"

urlpatterns: list = []
