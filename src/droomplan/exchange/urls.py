"""Exchange upload with preview, for the programme lead."""

from django.urls import path

from . import views

app_name = "exchange"

urlpatterns: list = [
    path("", views.upload, name="upload"),
    path("export/", views.export, name="export"),
    path("sjabloon.xlsx", views.template, name="template"),
    path("<uuid:upload_id>/", views.preview, name="preview"),
    path("<uuid:upload_id>/importeren/", views.confirm, name="confirm"),
    path("<uuid:upload_id>/resultaat/", views.result, name="result"),
]
