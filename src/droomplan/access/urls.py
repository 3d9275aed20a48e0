"""Per-case privacy pages: consents, the access overview, the inzage export."""

app_name = "access"

urlpatterns: list = []
