"""A participant's measurements: enter, view, progress charts."""

from django.urls import path

from . import views

app_name = "instruments"

# Mounted under /deelnemers/<int:participant_pk>/metingen/
urlpatterns = [
    path("", views.measurement_list, name="list"),
    path("nieuw/", views.choose, name="choose"),
    path("nieuw/<slug:instrument_code>/", views.create, name="create"),
    path("<int:measurement_pk>/", views.detail, name="detail"),
    path("<int:measurement_pk>/wijzigen/", views.edit, name="edit"),
    path("<int:measurement_pk>/verwijderen/", views.delete, name="delete"),
]
