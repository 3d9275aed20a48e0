"""Staff pages for early signals: lists, triage, phone signals."""

app_name = "signals"

urlpatterns: list = []
