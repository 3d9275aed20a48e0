"""Two middlewares that hold for every response and request (docs/security.md, items 12
and 13):

- `PrivateResponseMiddleware`: a Permissions-Policy on every response, and
  `Cache-Control: no-store` (with `Pragma: no-cache` for old proxies) on everything except
  the static files, so no page or download with a mother's data stays in a browser's or a
  proxy's cache. Static files (CSS, scripts, images with hashed names) stay cacheable.
- `RejectNulMiddleware`: a NUL character in the path, the query string or a form field is
  refused with 400 before any view runs (PostgreSQL cannot store one, so it would otherwise
  be a 500 somewhere deep down).
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# No page of Droomplan uses any of these browser features; nothing embedded may either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "interest-cohort",
    )
)


def is_static(path: str) -> bool:
    static_url = settings.STATIC_URL or "/static/"
    if not static_url.startswith("/"):
        static_url = "/" + static_url
    return path.startswith(static_url)


class PrivateResponseMiddleware:
    """Permissions-Policy on every response; no-store on every response that is not a static
    file. Sits above WhiteNoise, so it sees the static files' responses too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not is_static(request.path_info):
            # Nothing Droomplan makes may be cached: a view that already said no-store keeps
            # its header, anything else (public, max-age, nothing) is replaced.
            if "no-store" not in response.headers.get("Cache-Control", ""):
                for header in ("Cache-Control", "Expires"):
                    if header in response.headers:
                        del response.headers[header]
                add_never_cache_headers(response)
            response.headers["Pragma"] = "no-cache"
        return response


API_PREFIX = "/api/"


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values if isinstance(value, str))


class RejectNulMiddleware:
    """400 for a NUL character in the path, the query string or a (non-file) form field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.carries_nul(request):
            message = _("The request contains a NUL character, which is not allowed.")
            if request.path_info.startswith(API_PREFIX):
                # The API answers every error as problem details (docs/api.md).
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": "Bad Request",
                        "status": 400,
                        "detail": message,
                        "instance": request.path_info.replace("\x00", ""),
                    },
                    status=400,
                    content_type="application/problem+json",
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def carries_nul(request) -> bool:
        if "\x00" in request.path:
            return True
        forms = [request.GET]
        if request.method == "POST":
            forms.append(request.POST)  # parses the body (a form, or a multipart form's fields)
        return any(
            _has_nul(form.keys()) or _has_nul(v for _key, values in form.lists() for v in values)
            for form in forms
        )
