"""A participant's debts, housing, education and work."""

from django.urls import path

from . import views

app_name = "lifedomains"

# Mounted under /deelnemers/<int:participant_pk>/
urlpatterns = [
    path("schulden/nieuw/", views.debt_create, name="debt_create"),
    path("schulden/inventarisatie/", views.debt_inventory, name="debt_inventory"),
    path("schulden/<int:debt_pk>/", views.debt_edit, name="debt_edit"),
    path("schulden/<int:debt_pk>/route/", views.debt_route, name="debt_route"),
    path(
        "schulden/<int:debt_pk>/route/terugdraaien/",
        views.debt_route_undo,
        name="debt_route_undo",
    ),
    path("schulden/<int:debt_pk>/verwijderen/", views.debt_delete, name="debt_delete"),
    path("wonen/nieuw/", views.housing_create, name="housing_create"),
    path("wonen/<int:housing_pk>/", views.housing_edit, name="housing_edit"),
    path("wonen/<int:housing_pk>/verwijderen/", views.housing_delete, name="housing_delete"),
    path("opleiding/nieuw/", views.education_create, name="education_create"),
    path("opleiding/<int:education_pk>/", views.education_edit, name="education_edit"),
    path(
        "opleiding/<int:education_pk>/verwijderen/",
        views.education_delete,
        name="education_delete",
    ),
    path("werk/nieuw/", views.work_create, name="work_create"),
    path("werk/<int:work_pk>/", views.work_edit, name="work_edit"),
    path("werk/<int:work_pk>/verwijderen/", views.work_delete, name="work_delete"),
]
