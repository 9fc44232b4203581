"""The client's address, honouring only the reverse proxies the operator declared."""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request):
    """Return the client IP: the connection's address, or X-Forwarded-For behind proxies.

    With DJANGO_TRUSTED_PROXIES = N, the address N hops from the right of X-Forwarded-For
    is the client: entries further left were written by the client and may be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXIES
    if hops <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < hops:
        return remote
    candidate = chain[-hops]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
