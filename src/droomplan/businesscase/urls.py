"""The business case beside the outcome report, and the lead's input pages."""

from django.urls import path

from . import views

app_name = "businesscase"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("download/<str:fmt>/", views.download, name="download"),
    path("wie-telt-mee/<str:line>/", views.participants, name="participants"),
    path("aannames/", views.assumptions, name="assumptions"),
    path("aannames/<str:code>/", views.assumption_edit, name="assumption_edit"),
    path("partners/", views.contributions, name="contributions"),
    path("partners/<int:pk>/", views.contribution_edit, name="contribution_edit"),
]
