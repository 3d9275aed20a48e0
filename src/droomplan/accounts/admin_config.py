"""Django's admin app, with Droomplan's admin site as the default site (`admin.site`), so
every app's registrations land on a site that demands two-step login."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "droomplan.accounts.admin_site.AdminSite"
