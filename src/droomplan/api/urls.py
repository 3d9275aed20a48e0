from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import programme_views, views

app_name = "api"

P = "participants/<int:participant_pk>"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("participants/", views.ParticipantList.as_view(), name="participants"),
    path("signals/", views.SignalCreate.as_view(), name="signals"),
    path(f"{P}/", views.ParticipantDetail.as_view(), name="participant"),
    path(f"{P}/plan/", views.PlanView.as_view(), name="plan"),
    path(f"{P}/goals/<int:goal_pk>/actions/", views.ActionCreate.as_view(), name="actions"),
    path(f"{P}/actions/<int:pk>/", views.ActionDetail.as_view(), name="action"),
    path(f"{P}/contacts/", views.ContactList.as_view(), name="contacts"),
    path(f"{P}/consents/", views.ConsentList.as_view(), name="consents"),
    path(f"{P}/debts/", views.DebtList.as_view(), name="debts"),
    path(f"{P}/debts/<int:pk>/", views.DebtDetail.as_view(), name="debt"),
    path(f"{P}/housing/", views.HousingList.as_view(), name="housing"),
    path(f"{P}/education/", views.EducationList.as_view(), name="education"),
    path(f"{P}/work/", views.WorkList.as_view(), name="work"),
    path(f"{P}/measurements/", views.MeasurementList.as_view(), name="measurements"),
    path(f"{P}/meetings/", programme_views.ParticipantMeetings.as_view(), name="her_meetings"),
    path("meetings/", programme_views.MeetingList.as_view(), name="meetings"),
    path("meetings/<int:pk>/", programme_views.MeetingDetail.as_view(), name="meeting"),
    path("outcomes/", programme_views.OutcomeReport.as_view(), name="outcomes"),
    path("exchange/exports/", programme_views.ExchangeExport.as_view(), name="exchange_export"),
    path("exchange/imports/", programme_views.ExchangeImport.as_view(), name="exchange_import"),
    path("jobs/<uuid:pk>/", programme_views.JobDetail.as_view(), name="job"),
    path(f"{P}/debts/<int:pk>/route/", views.DebtRouteView.as_view(), name="debt_route"),
    re_path(r"^(?P<rest>[\s\S]*)$", views.not_found),  # last: every other address is a problem
]
