"""Opening an escalation from a participant's plan."""

from django.urls import path

from . import views

app_name = "escalations_case"

# Mounted under /deelnemers/<int:participant_pk>/escalaties/
urlpatterns = [
    path("nieuw/", views.create, name="create"),
    path("<int:escalation_pk>/intrekken/", views.withdraw, name="withdraw"),
]
