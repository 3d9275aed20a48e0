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
    path("i18n/setlang/", set_language, name="set_language"),
    path("django-admin/", admin.site.urls),
]

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
