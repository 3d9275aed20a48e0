"""The mother's own portal, mounted at `/mijn/`. Each section has its own urls module."""

from django.urls import include, path

from . import meetings, plan, questionnaires, views, views_activate

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("activeren/<str:token>/", views_activate.activate, name="activate"),
    path("plan/", plan.plan, name="plan"),
    path("plan/stap/<int:action_pk>/klaar/", plan.tick_off, name="tick_off"),
    path("plan/doel/<int:goal_pk>/stap/", plan.add_action, name="add_action"),
    path("plan/doel/<int:goal_pk>/notitie/", plan.add_note, name="add_note"),
    path("afspraken/", meetings.meetings, name="meetings"),
    path("afspraken/<int:attendance_pk>/antwoord/", meetings.answer, name="meeting_answer"),
    path("afspraken/<int:attendance_pk>/agenda.ics", meetings.calendar_file, name="meeting_ics"),
    path("vragenlijsten/", questionnaires.questionnaires, name="questionnaires"),
    path("vragenlijsten/<slug:code>/", questionnaires.fill_in, name="fill_in"),
    path("", include("droomplan.portal.urls_rights")),
]
