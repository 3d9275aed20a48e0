"""Programme-wide privacy pages: consents expiring soon, the research export."""

app_name = "privacy"

urlpatterns: list = []
