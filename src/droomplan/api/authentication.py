"""Who calls the API: a partner organisation's system with an application token
(`Authorization: Bearer dp_…`, made by the admin on the "API tokens" page), or a person with
her browser session (DRF's SessionAuthentication, with its CSRF check)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from droomplan.accounts.services import authenticate_token


class ApplicationTokenAuthentication(authentication.BaseAuthentication):
    """`request.user` becomes the token's own account (a partner of its organisation, so the
    rules of `access` apply to it unchanged); `request.auth` the token."""

    keyword = b"bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as: Authorization: Bearer <token>.")
            )
        token = authenticate_token(header[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is unknown, revoked or expired."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="droomplan"'
