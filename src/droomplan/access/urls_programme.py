"""Programme-wide privacy pages: the research export (and, from the consent work, consents
expiring soon)."""

from django.urls import path

from . import rights_views

app_name = "privacy"

urlpatterns: list = [
    path("onderzoek/", rights_views.research_export, name="research_export"),
]
