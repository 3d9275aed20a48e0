"""The mother's own portal, mounted at `/mijn/`. Each section has its own urls module."""

from django.urls import path

from . import views, views_activate

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("activeren/<str:token>/", views_activate.activate, name="activate"),
]
