from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("beheer/programmas/", views.programme_list, name="programme_list"),
]
