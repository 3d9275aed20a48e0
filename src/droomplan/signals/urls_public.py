"""The public signal form (no login)."""

app_name = "signals_public"

urlpatterns: list = []
