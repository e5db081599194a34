"""The Redis cache app servers share: with Redis down every look-up is a miss and pages are
still served; with Redis up, clearing it removes only Colloquy's own keys."""

import logging
import os
import uuid

import pytest
from django.core.cache import caches

from config.caches import FailSoftRedisCache
from tests.live import free_port


def redis_cache(location: str, prefix: str = "colloquy-test") -> FailSoftRedisCache:
    return FailSoftRedisCache(
        location,
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


@pytest.fixture
def closed_port_url() -> str:
    """A Redis address where nothing listens."""
    return f"redis://127.0.0.1:{free_port()}/0"


def test_with_redis_down_reads_miss_and_writes_are_dropped(closed_port_url, caplog):
    cache = redis_cache(closed_port_url)
    with caplog.at_level(logging.WARNING, logger="config.caches"):
        assert cache.get("token", "no token") == "no token"
        assert cache.get_many(["a", "b"]) == {}
        cache.set("token", "value")
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.add("token", "value") is False
        assert cache.delete("token") is False
        assert cache.get_or_set("token", "fresh") == "fresh"
    # One failed connection, then the cache is left alone for a while instead of tried again.
    [warning] = caplog.records
    assert warning.getMessage().startswith(f"The shared cache at {closed_port_url[8:]} failed")


def test_with_redis_down_the_reading_page_is_served(classroom, client, settings, closed_port_url):
    settings.CACHES = {
        alias: {
            "BACKEND": "config.caches.FailSoftRedisCache",
            "LOCATION": closed_port_url,
            "KEY_PREFIX": alias,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias in ("default", "fragments")
    }
    client.force_login(classroom.student)

    response = client.get(classroom.assignment.get_absolute_url() + "?all=1")

    assert response.status_code == 200
    assert classroom.comment.body_html in response.content.decode()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_clearing_removes_only_its_own_keys():
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    prefix = f"colloquy-test-{uuid.uuid4().hex[:12]}"
    ours, neighbours = redis_cache(os.environ["REDIS_URL"], prefix), f"{prefix}x:1:kept"
    client.set(neighbours, "another site's", ex=60)
    try:
        ours.set_many({f"key-{number}": number for number in range(1200)})
        assert ours.get("key-7") == 7

        assert ours.clear() is True

        assert ours.get_many([f"key-{number}" for number in range(1200)]) == {}
        assert client.get(neighbours) == b"another site's"
    finally:
        client.delete(neighbours)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_the_suite_keeps_its_keys_apart_from_other_runs():
    """conftest.py gives each test process its own prefix, so runs never clear each other's."""
    prefix = caches["default"].key_prefix
    assert prefix.startswith("colloquy-test-")
    assert caches["fragments"].key_prefix == f"{prefix}-fragments"
