"""A participant's measurements: enter, view, progress charts."""

app_name = "instruments"

urlpatterns: list = []
