"""What Django's admin site shows (when it exists at all, see DROOMPLAN_DJANGO_ADMIN).

* No authenticator devices: their secrets would be readable, and an administrator resets
  someone's two-step login on the user page of Droomplan itself (logged, the person is told).
* Login attempts (django-axes) are read-only and cannot be deleted in bulk; lifting one
  person's lock-out (deleting her attempt record) is allowed and goes to the security log.
* The security log and the access log are not in it at all."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security_log
from .models import SecurityEventKind

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_actions(self, request):
        return {}  # no bulk actions: nothing is deleted or cleaned up by the dozen

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LockoutAdmin(ReadOnlyAdmin, AccessAttemptAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        # One record at a time: that lifts one person's lock-out.
        return obj is not None and super(ReadOnlyAdmin, self).has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        username, address = obj.username, obj.ip_address
        super().delete_model(request, obj)
        security_log.record(
            kind=SecurityEventKind.LOCKOUT_LIFTED,
            actor=request.user,
            subject_username=username or "",
            detail=address or "",
        )


class LoginLogAdmin(ReadOnlyAdmin, AccessLogAdmin):
    pass


class LoginFailureLogAdmin(ReadOnlyAdmin, AccessFailureLogAdmin):
    pass


for _model, _admin in (
    (AccessAttempt, LockoutAdmin),
    (AccessLog, LoginLogAdmin),
    (AccessFailureLog, LoginFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
