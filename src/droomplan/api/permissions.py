"""What a token may do besides the rules of `access`: its scopes (read, or write per family of
resources), chosen by the admin. A person with a session has no scopes: the web's rules only.
The scopes never widen `access`: a token with every scope still sees only what a partner
professional of its organisation may see."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from droomplan.access.shortcuts import deny
from droomplan.accounts.models import ApplicationToken


class HasTokenScope(permissions.BasePermission):
    message = _("This token may not do this: it lacks the scope “%(scope)s”.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApplicationToken):
            return True
        if not hasattr(view, request.method.lower()):
            return True  # the endpoint does not take this method: 405, not a refusal
        read = request.method in permissions.SAFE_METHODS
        scope = view.read_scope if read else view.write_scope
        if scope and scope in token.scopes:
            return True
        self.message = HasTokenScope.message % {"scope": scope or "-"}
        deny(
            request,
            object_type=getattr(view, "object_type", "api"),
            object_id=view.kwargs.get("pk", ""),
            verb="view" if read else "edit",
        )
        return False
