import contextvars
import re
import uuid
from typing import NamedTuple

from .client import client_ip

_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestInfo(NamedTuple):
    request_id: str
    path: str
    client_ip: str


# The current request's id, path and client address, for the access log written from services.
current_request: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "current_request", default=None
)


class RequestIdMiddleware:
    """Gives every request an id (kept from a trusted proxy's X-Request-ID when well-formed),
    used in the access log and returned in the response so logs can be correlated."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        info = RequestInfo(request.request_id, request.get_full_path()[:300], client_ip(request))
        token = current_request.set(info)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
