from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("beheer/programmas/", views.programme_list, name="programme_list"),
    path("beheer/programmas/nieuw/", views.programme_create, name="programme_create"),
    path("beheer/programmas/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("beheer/programmas/<int:pk>/wijzigen/", views.programme_edit, name="programme_edit"),
    path("beheer/programmas/<int:pk>/groepen/nieuw/", views.cohort_create, name="cohort_create"),
    path(
        "beheer/programmas/<int:pk>/groepen/<int:cohort_pk>/",
        views.cohort_edit,
        name="cohort_edit",
    ),
    path("beheer/gemeenten/", views.municipality_list, name="municipality_list"),
    path("beheer/gemeenten/nieuw/", views.municipality_create, name="municipality_create"),
    path("beheer/gemeenten/<int:pk>/", views.municipality_edit, name="municipality_edit"),
]
