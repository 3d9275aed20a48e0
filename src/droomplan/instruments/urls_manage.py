"""The functional admin's instrument pages (labels per programme)."""

app_name = "instruments_manage"

urlpatterns: list = []
