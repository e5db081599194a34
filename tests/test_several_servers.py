"""Two app servers (gunicorn, one process each) sharing one PostgreSQL database and one Redis,
as behind a load balancer: what one renders the other reuses, and a limit or lock-out reached
through one holds on the other. Run only with REDIS_URL set (COLLOQUY_REQUIRE_REDIS=1 makes
its absence a failure); each run keeps its Redis keys under its own prefix and removes them."""

import os
import re
import uuid

import pytest
from django.core.cache.backends.redis import RedisSerializer

from tests.live import SESSION_CODE, Gunicorn, Visitor, postgres_server_url, run_threads

pytestmark = pytest.mark.postgres

PASSWORD = "a-real-password-checked-by-the-server"
RATE_LIMIT = 3
LOGIN_FAILURE_LIMIT = 3
# Appended to every fragment in Redis after the first server rendered them: the second server's
# page shows it only if it took its fragments from Redis.
MARKER = "<!-- from the shared cache -->"

SEED = (
    SESSION_CODE
    + f"""
import json
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory, make_comment

assignment = AssignmentFactory(reading__paragraphs=[f"Paragraph {{i}}." for i in range(4)])
course = assignment.course
reader, poster, hurried = (MembershipFactory(course=course).user for _ in range(3))
classmates = [MembershipFactory(course=course).user for _ in range(3)]
for index, classmate in enumerate(classmates):
    make_comment(author=classmate, assignment=assignment, body=f"Classmate {{index}} says *so*.")
forgetful = UserFactory(username="forgetful")
forgetful.password = PBKDF2PasswordHasher().encode({PASSWORD!r}, "seasalt1234")
forgetful.save()
paragraph = assignment.reading.current_paragraphs().first()
print(json.dumps({{
    "reading": assignment.get_absolute_url() + "?all=1",
    "thread": f"/c/{{course.slug}}/a/{{assignment.pk}}/p/{{paragraph.pk}}/comments/",
    "comments": len(classmates),
    "reader": session_for(reader),
    "poster": session_for(poster),
    "hurried": session_for(hurried),
}}))
"""
)


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    reason = "REDIS_URL is not set" if not url else ""
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        except redis.RedisError as error:
            reason = f"Redis at {url} is not reachable: {error}"
    if reason:
        if os.environ.get("COLLOQUY_REQUIRE_REDIS") == "1":
            pytest.fail(reason + " COLLOQUY_REQUIRE_REDIS=1 is set, so this is an error.")
        pytest.skip(reason)
    return url


@pytest.fixture(scope="module")
def redis_prefix(redis_url):
    """This module's own key prefix in Redis; its keys are deleted afterwards, no others."""
    import redis

    prefix = f"colloquy-several-servers-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}*", count=500))
    if keys:
        client.unlink(*keys)


@pytest.fixture(scope="module")
def servers(redis_url, redis_prefix, migrated_templates, tmp_path_factory):
    """Two gunicorns, each a single process, on one scratch PostgreSQL database and one Redis."""
    from tests.live import postgres_unreachable_reason

    reason = postgres_unreachable_reason(postgres_server_url())
    if reason:
        if os.environ.get("COLLOQUY_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " COLLOQUY_REQUIRE_POSTGRES=1 is set, so this is an error.")
        pytest.skip(reason)
    database = migrated_templates.postgres(
        tmp_path_factory.mktemp("servers"), postgres_server_url()
    )
    database.environment |= {
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": redis_prefix,
        "COMMENT_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT),
        "LOGIN_FAILURE_LIMIT": str(LOGIN_FAILURE_LIMIT),
        "GUNICORN_THREADS": "4",
    }
    try:
        seeded = database.python(SEED)
        with (
            Gunicorn(database.environment, workers=1) as a,
            Gunicorn(database.environment, workers=1) as b,
        ):
            yield a, b, seeded
    finally:
        database.drop()


def fragments_in_redis(redis_url: str, prefix: str):
    import redis

    client = redis.Redis.from_url(redis_url)
    return client, list(client.scan_iter(match=f"{prefix}-fragments:*", count=500))


def test_a_server_reuses_the_fragments_another_rendered(servers, redis_url, redis_prefix):
    a, b, seeded = servers
    first = Visitor.signed_in(a.base_url, seeded["reader"]).get(seeded["reading"])
    assert first.status == 200
    client, keys = fragments_in_redis(redis_url, redis_prefix)
    # The three comments and the forms every page repeats.
    assert len(keys) > seeded["comments"]
    serializer = RedisSerializer()
    for key in keys:
        fragment = serializer.loads(client.get(key))
        if isinstance(fragment, str):  # not the page's list of its fragments
            client.set(key, serializer.dumps(fragment + MARKER), keepttl=True)

    reader_on_b = Visitor.signed_in(b.base_url, seeded["reader"])
    second = reader_on_b.get(seeded["reading"])

    assert second.status == 200
    assert MARKER not in first.text
    assert second.text.count(MARKER) >= seeded["comments"]
    assert all(f"Classmate {index} says" in second.text for index in range(seeded["comments"]))
    # The forms inside reused fragments carry this visitor's token, which the server accepts.
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.text)
    assert tokens and all(re.fullmatch(r"[A-Za-z0-9]{64}", token) for token in tokens)
    reply = reader_on_b.post(seeded["thread"], {"body": "Posted from a reused form.", "kind": ""})
    assert reply.status == 302, reply.text[:2000]


def test_the_posting_limit_reached_on_one_server_holds_on_the_other(servers):
    a, b, seeded = servers
    on_a = Visitor.signed_in(a.base_url, seeded["poster"])
    on_b = Visitor.signed_in(b.base_url, seeded["poster"])
    on_a.get(seeded["reading"])
    on_b.get(seeded["reading"])
    for number in range(RATE_LIMIT):
        posted = on_a.post(seeded["thread"], {"body": f"Quick post {number}.", "kind": ""})
        assert posted.status == 302

    refused = on_b.post(seeded["thread"], {"body": "One too many.", "kind": ""})

    assert refused.status == 422
    assert "You&#x27;re posting very quickly" in refused.text


def test_posts_sent_at_once_to_both_servers_never_pass_the_limit(servers):
    a, b, seeded = servers
    visitors = [Visitor.signed_in(server.base_url, seeded["hurried"]) for server in (a, b) * 4]
    for visitor in visitors:
        visitor.get(seeded["reading"])

    statuses = run_threads(
        len(visitors),
        lambda index: (
            visitors[index]
            .post(seeded["thread"], {"body": f"All at once {index}.", "kind": ""})
            .status
        ),
    )

    assert sorted(statuses) == [302] * RATE_LIMIT + [422] * (len(visitors) - RATE_LIMIT)


def test_a_lock_out_reached_through_both_servers_holds_on_either(servers):
    a, b, _ = servers
    on_a, on_b = Visitor(a.base_url), Visitor(b.base_url)
    assert on_a.log_in("forgetful", "not-the-password").status == 200
    assert on_b.log_in("forgetful", "not-the-password").status == 200
    # The third failure locks the account out only if server A counted B's too.
    assert LOGIN_FAILURE_LIMIT == 3
    assert on_a.log_in("forgetful", "still-not-it").status == 429

    locked = on_b.log_in("forgetful", PASSWORD)

    assert locked.status == 429
    assert "sessionid" not in on_b.cookies
