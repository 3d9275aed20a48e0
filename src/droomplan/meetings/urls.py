"""Group meetings: calendar, planning, attendance, .ics export."""

from django.urls import path

from . import views

app_name = "meetings"

# Mounted under /bijeenkomsten/
urlpatterns = [
    path("", views.calendar_view, name="calendar"),
    path("nieuw/", views.session_create, name="create"),
    path("mijn-agenda.ics", views.feed_ics, name="feed"),
    path("groepen/<int:cohort_pk>/", views.cohort_view, name="cohort"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.session_edit, name="edit"),
    path("<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("<int:pk>/verslag/", views.report, name="report"),
    path("<int:pk>/agenda.ics", views.session_ics, name="ics"),
]
