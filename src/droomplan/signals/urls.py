"""Staff pages for early signals: lists, triage, phone signals."""

from django.urls import path

from . import views

app_name = "signals"

# The signal id is taken as text so a wrong or guessed id reaches the access check,
# which logs it and answers 404.
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("telefonisch/", views.phone_signal, name="phone"),
    path("routering/", views.routes, name="routes"),
    path("routering/<int:pk>/verwijderen/", views.route_delete, name="route_delete"),
    path("<str:pk>/", views.signal_detail, name="detail"),
    path("<str:pk>/stap/<str:to_status>/", views.step, name="step"),
]
