from django.urls import path

from . import views

app_name = "plans"

# Mounted under /deelnemers/<int:participant_pk>/plan/
urlpatterns = [
    path("dromen/nieuw/", views.dream_create, name="dream_create"),
    path("dromen/<int:dream_pk>/bewerken/", views.dream_edit, name="dream_edit"),
    path("doelen/nieuw/", views.goal_create, name="goal_create"),
    path("doelen/<int:goal_pk>/bewerken/", views.goal_edit, name="goal_edit"),
    path("doelen/<int:goal_pk>/status/", views.goal_status, name="goal_status"),
    path("doelen/<int:goal_pk>/acties/nieuw/", views.action_create, name="action_create"),
    path("acties/<int:action_pk>/bewerken/", views.action_edit, name="action_edit"),
    path("acties/<int:action_pk>/klaar/", views.action_done, name="action_done"),
    path("afdrukken/", views.print_plan, name="print"),
]
