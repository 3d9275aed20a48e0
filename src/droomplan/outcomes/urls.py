"""The outcome report pages and downloads."""

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("trend/", views.trend, name="trend"),
    path("download/<str:fmt>/", views.download, name="download"),
    path("wie-telt-mee/<str:code>/", views.participants, name="participants"),
]
