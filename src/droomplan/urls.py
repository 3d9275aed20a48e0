from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from droomplan.core import views as core_views

urlpatterns = [
    path("", include("droomplan.core.urls")),
    path("", include("droomplan.accounts.urls")),
    path("", include("droomplan.programmes.urls")),
    path("deelnemers/", include("droomplan.cases.urls")),
    path("deelnemers/<int:participant_pk>/plan/", include("droomplan.plans.urls")),
    path("deelnemers/<int:participant_pk>/metingen/", include("droomplan.instruments.urls")),
    path("deelnemers/<int:participant_pk>/escalaties/", include("droomplan.escalations.urls_case")),
    path("deelnemers/<int:participant_pk>/", include("droomplan.lifedomains.urls")),
    path("deelnemers/<int:participant_pk>/", include("droomplan.access.urls")),
    path("deelnemers/<int:participant_pk>/", include("droomplan.access.urls_rights")),
    path("deelnemers/<int:participant_pk>/mijn-droomplan/", include("droomplan.portal.urls_case")),
    path("privacy/", include("droomplan.access.urls_programme")),
    path("beheer/instrumenten/", include("droomplan.instruments.urls_manage")),
    path("melden/", include("droomplan.signals.urls_public")),
    path("signalen/", include("droomplan.signals.urls")),
    path("bijeenkomsten/", include("droomplan.meetings.urls")),
    path("escalaties/", include("droomplan.escalations.urls")),
    path("resultaten/", include("droomplan.outcomes.urls")),
    path("businesscase/", include("droomplan.businesscase.urls")),
    path("deelnemers/<int:participant_pk>/uitgaven/", include("droomplan.businesscase.urls_case")),
    path("uitwisseling/", include("droomplan.exchange.urls")),
    path("mijn/", include("droomplan.portal.urls")),
    path("", include("droomplan.jobs.urls")),
    path("", include("droomplan.attention.urls")),
    path("api/v1/", include("droomplan.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

# Django's admin site is for emergencies; it exists only when switched on (docs/security.md).
if settings.DROOMPLAN_DJANGO_ADMIN:
    urlpatterns.append(path("django-admin/", admin.site.urls))

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
