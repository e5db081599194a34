"""The Redis cache app servers share: with Redis down every look-up is a miss and pages are
still served; with Redis up, clearing it removes only Colloquy's own keys."""

import logging
import os
import uuid

import pytest
from django.core.cache import caches

from config.caches import FailSoftRedisCache, LocalFirstCache
from discussions.reading import fragments
from tests.factories import make_comment
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
        for alias in ("default", "shared-fragments")
    } | {
        "fragments": {
            "BACKEND": "config.caches.LocalFirstCache",
            "OPTIONS": {"SHARED": "shared-fragments"},
        }
    }
    client.force_login(classroom.student)

    for _ in range(2):
        response = client.get(classroom.assignment.get_absolute_url() + "?all=1")

        assert response.status_code == 200
        assert classroom.comment.body_html in response.content.decode()


def local_first(settings, shared: dict | None = None, entries: int = 3) -> LocalFirstCache:
    options = {"MAX_ENTRIES": entries}
    if shared is not None:
        settings.CACHES = settings.CACHES | {"test-shared": shared}
        options["SHARED"] = "test-shared"
    return LocalFirstCache("", {"OPTIONS": options})


def test_a_process_keeps_the_values_it_used_last_as_they_are(settings):
    cache = local_first(settings)
    value = ["rendered", "html"]
    cache.set_many({"a": value, "b": 2, "c": 3})

    # Not a copy: nothing was pickled on the way in or out.
    assert cache.get("a") is value
    cache.set("d", 4)

    # "a" was used last of the first three, so "b" made room for "d".
    assert cache.get_many(["a", "b", "c", "d"]) == {"a": value, "c": 3, "d": 4}
    assert cache.add("c", 30) is False
    assert cache.delete("c") is True
    assert cache.get("c", "gone") == "gone"
    assert cache.clear() is True
    assert cache.get_many(["a", "d"]) == {}


def test_a_process_takes_what_it_lacks_from_the_shared_cache_and_keeps_it(settings):
    shared = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}
    one, other = local_first(settings, shared), local_first(settings, shared)
    one.set("fragment", "<p>rendered once</p>")

    assert other.get("fragment") == "<p>rendered once</p>"
    caches["test-shared"].delete("fragment")
    # The other process kept its copy: a value never changes under its name.
    assert other.get("fragment") == "<p>rendered once</p>"
    other.set("second", "<p>two</p>")
    other.clear()
    assert one.get_many(["second"]) == {}


def test_with_the_shared_cache_down_a_process_still_reuses_its_own(settings, closed_port_url):
    down = {
        "BACKEND": "config.caches.FailSoftRedisCache",
        "LOCATION": closed_port_url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    cache = local_first(settings, down)
    cache.set("fragment", "<p>rendered</p>")

    assert cache.get("fragment") == "<p>rendered</p>"
    assert cache.get("other") is None


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


def new_server(settings, monkeypatch) -> list[str]:
    """This process as a newly started server sees it: no fragment in its own memory and no
    page's list read, but the same shared cache. Returns the log of the shared cache's reads
    and writes from then on."""
    settings.CACHES = dict(settings.CACHES)  # new cache objects, as a new process makes
    monkeypatch.setattr(fragments, "_listed", set())
    shared, calls = caches["shared-fragments"], []

    def logged(name: str):
        method = getattr(shared, name)

        def logged_call(*args, **kwargs):
            calls.append(name)
            return method(*args, **kwargs)

        return logged_call

    for name in ("get", "get_many", "set", "set_many"):
        monkeypatch.setattr(shared, name, logged(name))
    return calls


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_a_server_new_to_a_page_takes_its_fragments_in_one_round_trip(
    classroom, client_for, settings, monkeypatch
):
    for paragraph in classroom.paragraphs[:3]:
        start = make_comment(
            author=classroom.classmate,
            assignment=classroom.assignment,
            paragraph=paragraph,
            body=f"On {paragraph.number}, *this*.",
        )
        make_comment(author=classroom.student, assignment=classroom.assignment, parent=start)
    url = classroom.assignment.get_absolute_url() + "?all=1"
    student, classmate = client_for(classroom.student), client_for(classroom.classmate)
    first = student.get(url).text

    calls = new_server(settings, monkeypatch)
    again = student.get(url).text

    # The page's list of fragments, then all of them at once; nothing to write.
    assert calls == ["get", "get_many"]
    assert again.count('class="comment-item') == first.count('class="comment-item') == 7
    # A classmate sees their own comments as theirs: their first view renders those and
    # writes the list; after that, the two taking turns read and write nothing shared.
    classmate.get(url)
    calls.clear()
    for _ in range(2):
        student.get(url)
        classmate.get(url)
    assert calls == []
    # A new comment is rendered, and the list written again with it.
    make_comment(author=classroom.classmate, assignment=classroom.assignment, body="Later.")
    assert "Later." in student.get(url).text
    assert calls[-1] == "set"
    calls = new_server(settings, monkeypatch)
    assert "Later." in student.get(url).text
    assert calls == ["get", "get_many"]
