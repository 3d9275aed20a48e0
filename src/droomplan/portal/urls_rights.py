"""The rights pages of her portal (`portal.rights`)."""

from django.urls import path

from . import rights

urlpatterns = [
    path("zo-gaat-het/", rights.results, name="results"),
    path("contactmomenten/", rights.contacts, name="contacts"),
    path("wie-mag-wat-zien/", rights.consents, name="consents"),
    path(
        "wie-mag-wat-zien/<str:consent_pk>/intrekken/",
        rights.consent_withdraw,
        name="consent_withdraw",
    ),
    path("wie-keek/", rights.access_log, name="access_log"),
    path("mijn-gegevens/", rights.my_data, name="my_data"),
    path("mijn-gegevens/<uuid:job_pk>/", rights.my_data_job, name="my_data_job"),
]
