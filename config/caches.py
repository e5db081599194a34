"""The Redis cache several app servers share (REDIS_URL), made so that Redis going away costs
speed, not pages: every error is logged and answered as a miss."""

import functools
import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache
from redis import RedisError

logger = logging.getLogger(__name__)

# After an error each process leaves Redis alone this long, so a server whose Redis is down
# or unreachable pays one failed connection every few seconds instead of one per look-up.
PAUSE_AFTER_ERROR = 5.0  # seconds
# Keys deleted per round trip when clearing this cache's own keys.
CLEAR_BATCH = 500


def _fail_soft(method, fallback):
    """`method`, answering `fallback(*arguments)` instead while Redis fails."""

    @functools.wraps(method)
    def attempt(cache, *args, **kwargs):
        if time.monotonic() < cache.paused_until:
            return fallback(*args, **kwargs)
        try:
            return method(cache, *args, **kwargs)
        except RedisError as error:
            cache.paused_until = time.monotonic() + PAUSE_AFTER_ERROR
            logger.warning(
                "The shared cache at %s failed (%s); serving without it for %g s.",
                cache.address,
                error,
                PAUSE_AFTER_ERROR,
            )
            return fallback(*args, **kwargs)

    return attempt


def _clear_own_keys(cache) -> bool:
    client = cache._cache.get_client(write=True)
    # Keys are "<prefix>:<version>:<key>"; brackets keep glob characters in the prefix literal.
    prefix = f"{cache.key_prefix}:"
    pattern = "".join(f"[{c}]" if c in "*?[]\\" else c for c in prefix) + "*"
    batch = []
    for key in client.scan_iter(match=pattern, count=CLEAR_BATCH):
        batch.append(key)
        if len(batch) == CLEAR_BATCH:
            client.unlink(*batch)
            batch.clear()
    if batch:
        client.unlink(*batch)
    return True


def _not_found(*args, **kwargs) -> bool:
    return False


def _nothing(*args, **kwargs) -> None:
    return None


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache whose reads miss and whose writes are dropped while Redis fails,
    and whose clear() removes only keys under its own KEY_PREFIX (one Redis database may hold
    another site's keys, or another test run's)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.paused_until = 0.0
        # Where it is, for the log, without any password the address holds.
        parts = urlsplit(self._servers[0])
        self.address = f"{parts.hostname}:{parts.port or 6379}{parts.path}"

    get = _fail_soft(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _fail_soft(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _fail_soft(RedisCache.has_key, _not_found)
    set = _fail_soft(RedisCache.set, _nothing)
    # set_many answers the keys it could not store.
    set_many = _fail_soft(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    add = _fail_soft(RedisCache.add, _not_found)
    touch = _fail_soft(RedisCache.touch, _not_found)
    delete = _fail_soft(RedisCache.delete, _not_found)
    delete_many = _fail_soft(RedisCache.delete_many, _nothing)
    clear = _fail_soft(_clear_own_keys, _not_found)
