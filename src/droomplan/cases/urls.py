from django.urls import path

from . import views

app_name = "cases"

# The participant id is taken as text so a wrong or guessed id reaches the access check,
# which logs it and answers 404.
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nieuw/", views.intake, name="intake"),
    path("<str:pk>/", views.case_detail, name="detail"),
    path("<str:pk>/gegevens/", views.participant_edit, name="edit"),
    path("<str:pk>/deel/<slug:part>/", views.case_part, name="part"),
    path("<str:pk>/overdracht-gelezen/", views.handover_read, name="handover_read"),
    path("<str:pk>/kinderen/nieuw/", views.child_edit, name="child_add"),
    path("<str:pk>/kinderen/<int:child_pk>/", views.child_edit, name="child_edit"),
    path("<str:pk>/starten/", views.start, name="start"),
    path("<str:pk>/afsluiten/", views.end, name="end"),
    path("<str:pk>/groep/", views.cohort, name="cohort"),
    path("<str:pk>/coach/", views.coach, name="coach"),
    path("<str:pk>/toelaten/", views.admit, name="admit"),
    path("<str:pk>/contacten/nieuw/", views.contact_add, name="contact_add"),
    path(
        "<str:pk>/contacten/<int:contact_pk>/wijzigen/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "<str:pk>/contacten/<int:contact_pk>/corrigeren/",
        views.contact_correct,
        name="contact_correct",
    ),
]
