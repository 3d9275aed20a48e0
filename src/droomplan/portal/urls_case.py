"""The coach's pages for her portal login.

Mounted under /deelnemers/<int:participant_pk>/mijn-droomplan/."""

from django.urls import path

from . import views_staff

app_name = "portal_case"

urlpatterns = [
    path("", views_staff.invitation, name="invitation"),
    path("uitnodigen/", views_staff.invite, name="invite"),
    path("blokkeren/", views_staff.block, name="block"),
    path("deblokkeren/", views_staff.unblock, name="unblock"),
]
