"""The board's escalation queue, decisions and figures."""

from django.urls import path

from . import views

app_name = "escalations"

# Mounted under /escalaties/
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cijfers/", views.figures, name="figures"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/advies/", views.advise, name="advise"),
    path("<int:pk>/besluit/", views.decide, name="decide"),
]
