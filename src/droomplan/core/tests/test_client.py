"""The client address of a request (`core.client.client_ip`): one rule, counted from the right
of X-Forwarded-For past the configured number of proxies (issue 13, item 6)."""

import pytest
from django.test import RequestFactory

from droomplan.core.client import client_ip


def request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_socket_address_and_the_header_is_ignored(settings):
    settings.DROOMPLAN_PROXY_COUNT = 0
    assert client_ip(request("192.0.2.5", "198.51.100.1")) == "192.0.2.5"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),  # nginx appended the client
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),  # the client forged the first one
        (2, "203.0.113.66, 198.51.100.7, 192.0.2.200", "198.51.100.7"),  # load balancer + nginx
        (1, " 2001:DB8:0:0::1 ", "2001:db8::1"),
        (1, "198.51.100.7:5555", "198.51.100.7"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_address_counted_from_the_right(settings, count, forwarded, expected):
    settings.DROOMPLAN_PROXY_COUNT = count
    assert client_ip(request("127.0.0.1", forwarded)) == expected


def test_a_header_shorter_than_the_proxy_chain_gives_the_socket_address(settings):
    settings.DROOMPLAN_PROXY_COUNT = 2
    assert client_ip(request("192.0.2.9", "198.51.100.7")) == "192.0.2.9"
    assert client_ip(request("192.0.2.9")) == "192.0.2.9"


def test_garbage_gives_an_empty_address(settings):
    settings.DROOMPLAN_PROXY_COUNT = 1
    assert client_ip(request("127.0.0.1", "not-an-address")) == ""
    settings.DROOMPLAN_PROXY_COUNT = 0
    assert client_ip(request("")) == ""


def test_axes_uses_the_same_function(settings):
    from axes.helpers import get_client_ip_address

    settings.DROOMPLAN_PROXY_COUNT = 1
    assert get_client_ip_address(request("127.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
