from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("taken/<uuid:pk>/", views.detail, name="detail"),
    path("taken/<uuid:pk>/status/", views.status, name="status"),
    path("taken/<uuid:pk>/download/", views.download, name="download"),
    path("beheer/taken/", views.failed, name="failed"),
    path("beheer/taken/<uuid:pk>/opnieuw/", views.retry, name="retry"),
]
