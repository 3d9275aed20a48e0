"""The outcome report pages and downloads."""

app_name = "outcomes"

urlpatterns: list = []
