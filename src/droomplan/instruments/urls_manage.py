"""The functional admin's instrument pages (question wording per programme)."""

from django.urls import path

from . import views_manage

app_name = "instruments_manage"

# Mounted under /beheer/instrumenten/
urlpatterns = [
    path("", views_manage.instrument_list, name="list"),
    path("<slug:instrument_code>/", views_manage.instrument_detail, name="detail"),
    path("<slug:instrument_code>/teksten/", views_manage.labels, name="labels"),
]
