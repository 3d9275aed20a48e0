"""Exchange upload with preview, for the programme lead."""

app_name = "exchange"

urlpatterns: list = []
