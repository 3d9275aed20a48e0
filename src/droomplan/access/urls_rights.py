"""The mother's rights per case: the access overview (who saw what) and the inzage export."""

app_name = "rights"

urlpatterns: list = []
