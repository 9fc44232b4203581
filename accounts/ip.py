"""The client's address, honouring only the reverse proxies the operator declared."""

import logging
import re
import secrets
from ipaddress import IPv6Address, ip_address

from django.conf import settings

logger = logging.getLogger(__name__)

# `[2001:db8::5]:443`, `[2001:db8::5]` or `203.0.113.5:5555`; anything else is read as it is.
BRACKETED = re.compile(r"^\[(?P<host>[^\]]+)\](?::(?P<port>\d{1,5}))?$")
WITH_PORT = re.compile(r"^(?P<host>[^:]+):(?P<port>\d{1,5})$")

# RFC 6666's discard-only prefix: never a real client's address, so a key made in it never
# counts a real client together with a request whose address could not be read.
UNREADABLE_PREFIX = int(IPv6Address("100::"))
IPV6_NETWORK_MASK = ((1 << 64) - 1) << 64


def client_ip(request):
    """Return the address the lockout counts a request's client under.

    With DJANGO_TRUSTED_PROXIES = N, the client is the entry N hops from the right of
    X-Forwarded-For: entries further left were written by the client and may be forged.
    Without proxies it is the connection's address. An entry may carry a port
    (`203.0.113.5:5555`, `[2001:db8::5]:443`) and surrounding spaces.

    An IPv6 client counts by its /64 network (`2001:db8:1:2::`): one household or device
    holds a whole /64 and can pick any address in it. An IPv4-mapped address
    (`::ffff:192.0.2.1`) counts as the IPv4 address.

    An address that cannot be read (`unknown`, an obfuscated name, garbage), or a header
    with fewer entries than declared proxies, makes the request its own client: a fresh
    random key in the discard-only prefix 100::/64. It is never the proxy's own address,
    which would lock everyone behind the proxy once one client failed, nor a key from the
    text, which a proxy writing `unknown` would give to all its clients alike. Such requests
    are held by the per-account limit alone; whoever can write that entry could also write
    a different valid address on every try, so the per-client lock held them no better.
    """
    known = getattr(request, "lockout_client_ip", None)
    if known is None:
        known = request.lockout_client_ip = read_client_ip(request)
    return known


def read_client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXIES
    if hops <= 0:
        return counted_as(remote) or own_client(remote, "REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # An empty entry is kept (and unreadable): dropping it would shift the count onto an
    # entry the client wrote.
    chain = forwarded.split(",") if forwarded.strip() else []
    if len(chain) < hops:
        return own_client(forwarded, f"X-Forwarded-For with fewer than {hops} entries")
    entry = chain[-hops]
    return counted_as(entry) or own_client(entry, "X-Forwarded-For entry")


def counted_as(entry):
    """Return the key an address is counted under, or None when it cannot be read."""
    text = entry.strip()
    match = BRACKETED.match(text) or WITH_PORT.match(text)
    if match:
        text = match["host"]
    try:
        address = ip_address(text)
    except ValueError:
        return None
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(IPv6Address(int(address) & IPV6_NETWORK_MASK))


def own_client(raw, source):
    logger.warning(
        "unreadable client address (%s) %r: counted as its own client", source, raw[:100]
    )
    return str(IPv6Address(UNREADABLE_PREFIX | secrets.randbits(64)))
