"""The mother's rights per case: the access overview (who saw what) and the inzage export."""

from django.urls import path

from . import rights_views

app_name = "rights"

urlpatterns: list = [
    path("inzagelog/", rights_views.overview, name="overview"),
    path("inzage/", rights_views.inzage, name="inzage"),
]
