"""A participant's debts, housing, education and work."""

app_name = "lifedomains"

urlpatterns: list = []
