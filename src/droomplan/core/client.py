"""The address of the client that sent a request: the one answer for the access log, the
security log, the login lockout (django-axes, through `AXES_CLIENT_IP_CALLABLE`), the public
signal form's rate limit and the password-reset limit.

Behind reverse proxies the socket address (`REMOTE_ADDR`) is the nearest proxy's, the same for
everyone. Each proxy adds the address it received the request from to the right of
`X-Forwarded-For`, so with `DROOMPLAN_PROXY_COUNT = n` trusted proxies in front of Droomplan,
the client is the n-th address counted from the right. Whatever the client wrote into the
header itself stands further left and is never used. With 0 (the default: no proxy) the
header is ignored altogether."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def proxy_count() -> int:
    return max(0, int(getattr(settings, "DROOMPLAN_PROXY_COUNT", 0) or 0))


def _normalised(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, normalised ('2001:db8::1'), or '' when unknown.

    With `DROOMPLAN_PROXY_COUNT` proxies, the address that many places from the right in
    X-Forwarded-For; when the header has fewer addresses (a request that did not come through
    every proxy), the socket address."""
    count = proxy_count()
    if count:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= count:
            return _normalised(forwarded[-count])
    return _normalised(request.META.get("REMOTE_ADDR", ""))
