"""Limits per client for guessable secrets that are not passwords (class join codes, sign-in
badges): a count of failures in the shared cache, its window starting with the first one."""

from django.core.cache import cache

from .ip import client_ip


class ClientThrottle:
    def __init__(self, name, limit, minutes):
        self.name, self.limit, self.minutes = name, limit, minutes

    def key(self, request):
        return f"{self.name}-failures:{client_ip(request)}"

    def blocked(self, request):
        """Whether this client has used up its failures for now."""
        return (cache.get(self.key(request)) or 0) >= self.limit()

    def count_failure(self, request):
        key, timeout = self.key(request), self.minutes() * 60
        cache.add(key, 0, timeout=timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=timeout)
