"""Django's Redis cache, with one `redis.Redis` client per connection pool."""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    """Keep the `redis.Redis` object of each pool instead of building one per cache call.

    Django makes a new client for every get and set; redis-py fills some 170 response
    callbacks each time, which cost more CPU than the round trip to Redis itself. A client
    holds no connection of its own (it borrows one from the pool per command), so one per
    pool is safe across threads and, with the pool's own fork check, across workers.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with the client above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
