"""Suite-wide setup: development settings for tests and the shared fixtures."""

import os
import uuid

os.environ.setdefault("DEBUG", "1")

pytest_plugins = ["tests.live", "tests.fixtures", "tests.lti_fixtures"]


def pytest_configure(config):
    """With REDIS_URL set, each test process keeps its cache keys under a prefix of its own,
    which the servers it starts inherit, so runs and pytest-xdist workers sharing one Redis
    never see or clear each other's keys."""
    if not os.environ.get("REDIS_URL"):
        return
    from django.conf import settings

    prefix = f"{settings.CACHE_KEY_PREFIX}-test-{uuid.uuid4().hex[:12]}"
    for cache in settings.CACHES.values():
        cache["KEY_PREFIX"] = cache["KEY_PREFIX"].replace(settings.CACHE_KEY_PREFIX, prefix, 1)
    settings.CACHE_KEY_PREFIX = os.environ["CACHE_KEY_PREFIX"] = prefix


def pytest_unconfigure(config):
    if not os.environ.get("REDIS_URL"):
        return
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()
