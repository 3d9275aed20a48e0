"""Errors as RFC 9457 problem details (`application/problem+json`), in the caller's language
(Dutch unless `Accept-Language` prefers English). Field errors are under `errors`, keyed by
field name, as lists of messages. Every error of a service (a Django ValidationError) becomes
a 400, a stale write (core.concurrency.EditConflict or an old If-Match) a 412, never a 500."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from droomplan.core.concurrency import EditConflict

PROBLEM = "application/problem+json"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"

    def __init__(self, current_version: int | None = None):
        super().__init__(
            _(
                "Someone else changed this in the meantime. Fetch it again (GET), then send "
                "your change with its new ETag in If-Match."
            )
        )
        self.current_version = current_version


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "if_match_required"

    def __init__(self):
        super().__init__(
            _("Send the ETag you fetched in the header If-Match, so no change is overwritten.")
        )


TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    412: "Precondition Failed",
    415: "Unsupported Media Type",
    428: "Precondition Required",
    429: "Too Many Requests",
}


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {
            str(key): [str(m) for m in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return {"non_field_errors": [str(m) for m in detail]} if isinstance(detail, list) else {}


def _from_django(exc):
    if isinstance(exc, EditConflict):
        return PreconditionFailed(getattr(exc.current, "version", None))
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    ("non_field_errors" if key == "__all__" else key): list(messages)
                    for key, messages in exc.message_dict.items()
                }
            )
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    return exc


def handle(exc, context):
    """DRF's exception handler, answering problem details."""
    exc = _from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    errors = {}
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(detail)
        message = _("The request has errors. See `errors` for each field.")
    elif isinstance(detail, dict) and "detail" in detail:
        message = str(detail["detail"])
    else:
        message = str(detail)
    if isinstance(exc, Http404 | exceptions.NotFound):
        message = _("Not found, or you may not see it.")
    if isinstance(exc, PermissionDenied):
        message = _("You may not do this.")
    problem = {
        "type": "about:blank",
        "title": TITLES.get(response.status_code, "Error"),
        "status": response.status_code,
        "detail": message,
        "instance": context["request"].get_full_path() if context.get("request") else "",
    }
    if errors:
        problem["errors"] = errors
    if isinstance(exc, PreconditionFailed) and exc.current_version is not None:
        problem["current_etag"] = f'"{exc.current_version}"'
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After")}
    return Response(problem, status=response.status_code, headers=headers, content_type=PROBLEM)
