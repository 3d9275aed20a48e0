"""The mother's own portal, mounted at `/mijn/`. Each section has its own urls module."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
]
