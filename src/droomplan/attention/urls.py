from django.urls import path

from . import views

app_name = "attention"

urlpatterns = [
    path("meldingen/", views.notification_list, name="list"),
    path("meldingen/aantal/", views.unread_badge, name="badge"),
    path("meldingen/alles-gelezen/", views.notification_read_all, name="read_all"),
    path("meldingen/<int:pk>/", views.notification_open, name="open"),
    path("account/meldingen/", views.preferences, name="preferences"),
]
