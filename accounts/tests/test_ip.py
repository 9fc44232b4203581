from ipaddress import IPv6Address, IPv6Network

import pytest
from django.test import RequestFactory

from accounts.ip import client_ip

PROXY = "10.0.0.2"
UNREADABLE = IPv6Network("100::/64")


def ip_of(settings, forwarded=None, remote=PROXY, hops=1):
    settings.TRUSTED_PROXIES = hops
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("203.0.113.5:5555", "203.0.113.5"),
        ("  203.0.113.5:5555  ", "203.0.113.5"),
        ("192.0.2.1, 203.0.113.5:5555", "203.0.113.5"),
        ("[2001:db8::5]:443", "2001:db8::"),
        ("[2001:db8::5]", "2001:db8::"),
        (" [2001:db8:1:2:aaaa:bbbb:cccc:dddd]:443 ", "2001:db8:1:2::"),
        ("2001:db8:1:2::5", "2001:db8:1:2::"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("[::ffff:203.0.113.5]:80", "203.0.113.5"),
    ],
)
def test_behind_one_proxy_the_rightmost_entry_is_read_with_or_without_a_port(
    settings, forwarded, expected
):
    assert ip_of(settings, forwarded) == expected


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    forwarded = "192.0.2.66, [2001:db8:7:7::1]:51000, 10.0.0.1:443"
    assert ip_of(settings, forwarded, hops=2) == "2001:db8:7:7::"


def test_without_proxies_the_connection_counts_by_its_slash_64(settings):
    remote = "2001:db8:1:2:3:4:5:6"
    assert ip_of(settings, "192.0.2.1", remote=remote, hops=0) == "2001:db8:1:2::"
    assert ip_of(settings, remote="::ffff:198.51.100.3", hops=0) == "198.51.100.3"


@pytest.mark.parametrize(
    "forwarded",
    ["unknown", "garbage!", "_hidden", "203.0.113.5:port", "[2001:db8::5", "300.1.2.3", ""],
)
def test_an_unreadable_entry_is_its_own_client_never_the_proxy(settings, forwarded):
    first, second = ip_of(settings, f"192.0.2.1, {forwarded}"), ip_of(settings, forwarded)
    assert first != PROXY and second != PROXY
    assert first != second  # two requests are two clients, even with the same text
    assert IPv6Address(first) in UNREADABLE and IPv6Address(second) in UNREADABLE


def test_too_few_entries_for_the_declared_proxies_is_its_own_client(settings):
    answers = {ip_of(settings, "203.0.113.5", hops=2), ip_of(settings, None, hops=1)}
    assert PROXY not in answers and len(answers) == 2
    assert all(IPv6Address(answer) in UNREADABLE for answer in answers)


def test_one_request_keeps_one_address_however_often_it_is_asked(settings):
    settings.TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="unknown")
    assert client_ip(request) == client_ip(request)


def test_a_real_address_in_the_discard_prefix_never_meets_an_unreadable_key(settings):
    assert ip_of(settings, "[100::1234:5678:9abc:def0]:1") == "100::"
