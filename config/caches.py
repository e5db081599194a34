"""The Redis cache several app servers share (REDIS_URL), made so that Redis going away costs
speed, not pages: every error is logged and answered as a miss; and the rendered-fragment
cache, kept first in each process's own memory."""

import functools
import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
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


@dataclass
class Reads:
    """What a LocalFirstCache was asked for inside `recording()`: every key, in order and
    each once, and how many of them it did not hold itself."""

    keys: dict = field(default_factory=dict)
    lacked: int = 0


_reads: ContextVar[Reads | None] = ContextVar("reads", default=None)


class LocalFirstCache(BaseCache):
    """A cache for values that never change under their key, such as HTML named by a digest of
    everything it was made from: each process keeps the values it used last as they are (no
    pickling, no round trip), up to MAX_ENTRIES, and looks in the cache OPTIONS["SHARED"]
    names (Redis, which every server shares) only for what it lacks. A process's copy cannot
    go stale, so nothing needs invalidating; clear() empties this process's copies and the
    shared cache's keys."""

    def __init__(self, location, params):
        options = params.get("OPTIONS", {})
        super().__init__({**params, "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 300)}})
        self.shared_alias = options.get("SHARED")
        self._kept: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def shared(self) -> BaseCache | None:
        return caches[self.shared_alias] if self.shared_alias else None

    @contextmanager
    def recording(self):
        """Yield the `Reads` of what is read while inside (in this thread or task)."""
        reads = Reads()
        token = _reads.set(reads)
        try:
            yield reads
        finally:
            _reads.reset(token)

    def get_many(self, keys, version=None) -> dict:
        keys = list(keys)
        found, missing = {}, []
        with self._lock:
            for key in keys:
                if key in self._kept:
                    self._kept.move_to_end(key)
                    found[key] = self._kept[key]
                else:
                    missing.append(key)
        reads = _reads.get()
        if reads is not None:
            reads.keys.update(dict.fromkeys(keys))
            reads.lacked += len(missing)
        if missing and self.shared is not None:
            fetched = self.shared.get_many(missing, version=version)
            self._keep(fetched)
            found |= fetched
        return found

    def get(self, key, default=None, version=None):
        return self.get_many([key], version=version).get(key, default)

    def has_key(self, key, version=None) -> bool:
        return key in self.get_many([key], version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        self._keep(data)
        if self.shared is not None:
            return self.shared.set_many(data, timeout=timeout, version=version)
        return []

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self.set_many({key: value}, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout=timeout, version=version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        if self.shared is not None:
            return self.shared.touch(key, timeout=timeout, version=version)
        return self.has_key(key, version=version)

    def delete(self, key, version=None) -> bool:
        with self._lock:
            kept = self._kept.pop(key, None) is not None
        if self.shared is not None:
            return self.shared.delete(key, version=version) or kept
        return kept

    def clear(self) -> bool:
        with self._lock:
            self._kept.clear()
        if self.shared is not None:
            return self.shared.clear()
        return True

    def _keep(self, values: dict) -> None:
        with self._lock:
            self._kept.update(values)
            for key in values:
                self._kept.move_to_end(key)
            while len(self._kept) > self._max_entries:
                self._kept.popitem(last=False)
