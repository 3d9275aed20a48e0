"""Per-case privacy pages: consents, the access overview, the inzage export."""

from django.urls import path

from . import views

app_name = "access"

# Mounted under /deelnemers/<int:participant_pk>/
urlpatterns = [
    path("toestemmingen/", views.consent_list, name="consent_list"),
    path("toestemmingen/nieuw/", views.consent_create, name="consent_create"),
    path("toestemmingen/onderzoek/", views.research_consent, name="research_consent"),
    path(
        "toestemmingen/<int:consent_pk>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "toestemmingen/<int:consent_pk>/formulier/",
        views.consent_form_file,
        name="consent_form",
    ),
]
