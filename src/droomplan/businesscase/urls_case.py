"""A family's spending ledger, mounted under /deelnemers/<int:participant_pk>/uitgaven/."""

from django.urls import path

from . import views_case

app_name = "businesscase_case"

urlpatterns = [
    path("", views_case.spending_list, name="spending_list"),
    path("nieuw/", views_case.spending_create, name="spending_create"),
    path("<int:spending_pk>/", views_case.spending_edit, name="spending_edit"),
]
