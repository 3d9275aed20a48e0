"""The client's network address, the same for every log (security log, access log) and for
the login lockout: it follows the proxy settings of django-axes."""

import contextvars

from django.http import HttpRequest

# The current request's client address, for logs written from services (set by the
# middleware below, like `core.request_id.current_request`).
current_client_ip: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_client_ip", default=""
)


def client_ip(request: HttpRequest | None) -> str:
    """The address of the client that sent ``request`` ("" when unknown)."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or ""


class ClientIpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_client_ip.reset(token)
