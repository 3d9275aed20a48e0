"""The public signal form (no login)."""

from django.urls import path

from . import views_public

app_name = "signals_public"

urlpatterns = [
    path("", views_public.choose, name="choose"),
    path("<str:code>/", views_public.signal_form, name="form"),
    path("<str:code>/bedankt/", views_public.thanks, name="thanks"),
]
