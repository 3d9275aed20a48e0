"""The address of the client that sent a request: the one answer for the logs (access log,
security log). The proxy-aware version (DROOMPLAN_PROXY_COUNT, django-ipware) replaces this
body; the signature stays the same."""

import ipaddress

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, normalised ('2001:db8::1'), or '' when unknown."""
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip()).compressed
    except ValueError:
        return ""
