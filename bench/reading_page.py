"""Benchmark the reading page and posting a reply, as a logged-in student.

Usage: python bench/reading_page.py --sizes 200,1000,5000 [--runs 15] [--warmups 2] [--peer 1000]
Seeds one reading of 40 paragraphs with N threaded comments (30 % top level, the rest replies
at random depths, fixed seed) in a fresh SQLite database (or DATABASE_URL's server) and, with
the process prepared as a server's is (config/startup.py), through the Django test client with
the full middleware stack, times:
- the page with every discussion expanded (/c/<course>/a/<id>/?all=1): p50/p90 once warm, and
  the first render after a restart (`cold_ms`, no comment rendered before);
- the default view (discussions closed, counts only);
- posting replies with HTMX and without (server time p50/p95, queries, fragment size);
- a live-update poll that finds nothing new (time, CPU time and queries), the same poll when
  the cache knows nothing (the whole check), and what 1,000 open tabs polling every 10 s
  would cost a server's CPU;
- with a second reading whose N comments all sit on one paragraph: opening that paragraph (one
  page of threads), its "Show more" fragment and a link to a comment on its last page;
- with Redis (REDIS_URL, else 127.0.0.1:6379 if it answers): the first render of the expanded
  page in a new server process while the shared fragment cache is warm (`restart_warm_ms`:
  one process renders the page, a second one, started afresh, is timed), and cold
  (`restart_cold_ms`, the first process); each boots as a server does, through config/wsgi.py
  (`restart_boot_ms`, before it would take its first request).
One JSON line per size, each with the machine's load average when it was measured, then a
summary with the machine's speed (bench/machine.py). With --peer N it also runs
shared/bench/peer_xtd/run.sh (found beside this repository or a folder above it: the same
expanded page built with django-comments-xtd) at N comments and prints how many times faster
Colloquy's page is.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp())
# The peer benchmark runs with the environment this script was started with, not the one below.
STARTING_ENVIRONMENT = dict(os.environ)
# Production settings, as a school would run them (plain HTTP on the test client).
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_ROOT", str(WORK / "static"))
BENCH_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The bench posts many replies as one student within a minute.
os.environ.setdefault("COMMENT_RATE_LIMIT_PER_MINUTE", "100000")
if not os.environ.get("DATABASE_URL"):
    # A restarted server (see first_render) opens the database its parent seeded.
    os.environ.setdefault("SQLITE_PATH", str(WORK / "bench.sqlite3"))

import django  # noqa: E402
import machine  # noqa: E402
import redis  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.rendering import render_markdown  # noqa: E402
from articles.services import reading_create  # noqa: E402
from classroom.assignments.services import assignment_create  # noqa: E402
from classroom.courses.services import course_create  # noqa: E402
from classroom.models import Membership, Role, User  # noqa: E402
from config.startup import prepare_to_serve  # noqa: E402
from discussions.models import MAX_DEPTH, Comment  # noqa: E402
from discussions.reading import live  # noqa: E402

PARAGRAPHS = 40
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
SENTENCE = (
    "The author's claim in this paragraph rests on *two* assumptions, and I am not sure the "
    "second one holds once you read the **evidence** closely."
)


def seed(size: int, rng: random.Random, *, one_paragraph: bool = False):
    """One course, one reading, a few students and `size` comments (all on the first paragraph
    if `one_paragraph`), bulk-inserted level by level with the threading the service gives."""
    suffix = f"{size}-{rng.randrange(10**9)}"
    instructor = User.objects.create(
        username=f"teacher-{suffix}", display_name="Teacher", may_teach=True
    )
    students = [
        User.objects.create(username=f"student-{suffix}-{i}", display_name=f"Student {i}")
        for i in range(30)
    ]
    course = course_create(title=f"Bench {suffix}", instructor=instructor)
    Membership.objects.bulk_create(
        Membership(user=student, course=course, role=Role.STUDENT) for student in students
    )
    texts = [f"Paragraph {i}: " + SENTENCE * 3 for i in range(PARAGRAPHS)]
    reading = reading_create(owner=instructor, title="Bench reading", paragraphs=texts)
    assignment = assignment_create(course=course, reading=reading, created_by=instructor)
    paragraphs = list(reading.current_paragraphs())
    body_html = render_markdown(SENTENCE)
    # (depth, parent's index, paragraph) of each comment: 30 % start threads, the rest reply
    # to one of the 200 comments before them at any depth.
    plan: list[tuple[int, int | None, object]] = []
    for index in range(size):
        parent = None
        if plan and (index >= size * 0.3 or rng.random() > 0.3):
            candidates = [
                i for i in range(max(0, index - 200), index) if plan[i][0] < MAX_DEPTH - 1
            ]
            parent = rng.choice(candidates) if candidates else None
        if parent is not None:
            plan.append((plan[parent][0] + 1, parent, plan[parent][2]))
        else:
            plan.append((0, None, paragraphs[0] if one_paragraph else rng.choice(paragraphs)))
    created: dict[int, Comment] = {}
    for depth in range(MAX_DEPTH):
        level = [index for index, (at, _parent, _paragraph) in enumerate(plan) if at == depth]
        rows = []
        for index in level:
            _depth, parent_index, paragraph = plan[index]
            parent = created[parent_index] if parent_index is not None else None
            rows.append(
                Comment(
                    assignment=assignment,
                    paragraph=paragraph,
                    author=rng.choice(students),
                    parent=parent,
                    thread_root_id=parent.thread_root_id if parent else None,
                    depth=depth,
                    body=SENTENCE,
                    body_html=body_html,
                )
            )
        Comment.objects.bulk_create(rows, batch_size=500)
        if depth == 0:
            assignment.comments.filter(thread_root__isnull=True).update(thread_root=F("pk"))
            for row in rows:
                row.thread_root_id = row.pk
        created.update(zip(level, rows, strict=True))
    return assignment, students[0]


def timed(request, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = request()
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def counted(request):
    """How many SQL statements `request()` runs (counted as they execute, as the peer does),
    leaving out opening and closing transactions, as tests/test_posting_queries.py does."""
    statements = []

    def count(execute, sql, params, many, context):
        if not sql.startswith(TRANSACTION_CONTROL):
            statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = request()
    return len(statements), result


def percentile(timings: list[float], share: int) -> float:
    return round(statistics.quantiles(timings, n=100)[share - 1], 1)


def server_request_end() -> None:
    """Close the database connection, as a server does once a connection is a minute old (the
    test client keeps it open): on SQLite that is when the query planner's statistics are
    kept (config/sqlite)."""
    connection.close()


def measure(size: int, runs: int, warmups: int, rng: random.Random) -> dict:
    assignment, student = seed(size, rng)
    client = Client(HTTP_HOST="localhost")
    client.force_login(student)
    expanded = assignment.get_absolute_url() + "?all=1"
    for _ in range(warmups):
        client.get(expanded)
    server_request_end()
    # As after a restart: every comment rendered afresh (templates and code already loaded).
    caches["fragments"].clear()
    cold = timed(lambda: client.get(expanded), 1)
    timings = timed(lambda: client.get(expanded), runs)
    queries, html = counted(lambda: client.get(expanded).content)
    default = timed(lambda: client.get(assignment.get_absolute_url()), runs)
    default_queries, _ = counted(lambda: client.get(assignment.get_absolute_url()))
    restart = restart_with_shared_cache(assignment, student)
    replies = max(runs * 4, 60)
    parents = list(assignment.comments.filter(depth__lt=MAX_DEPTH - 1).order_by("?"))
    htmx = post_replies(client, parents[: replies + 2], {"HX-Request": "true"})
    plain = post_replies(client, parents[replies + 2 : 2 * replies + 4], {})
    polls = empty_polls(client, assignment, runs=max(runs * 10, 200))
    return {
        "comments": size,
        "load": round(os.getloadavg()[0], 2),
        "comments_rendered": html.count(b'class="comment-item'),
        "p50_ms": round(statistics.median(timings), 1),
        "p90_ms": percentile(timings, 90),
        "cold_ms": round(cold[0], 1),
        "queries": queries,
        "html_bytes": len(html),
        "default_p50_ms": round(statistics.median(default), 1),
        "default_queries": default_queries,
        **restart,
        **{f"reply_htmx_{name}": value for name, value in htmx.items()},
        **{f"reply_plain_{name}": value for name, value in plain.items()},
        **polls,
    }


def measure_long_paragraph(size: int, runs: int, warmups: int, rng: random.Random) -> dict:
    """Every comment on one paragraph: opening it shows one page of threads, Show more the
    next, and a link to a comment on the last page opens that page."""
    assignment, student = seed(size, rng, one_paragraph=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(student)
    paragraph = assignment.reading.current_paragraphs().first()
    opened = f"{assignment.get_absolute_url()}?open={paragraph.pk}"
    more = reverse(
        "discussions:paragraph_threads",
        args=[assignment.course.slug, assignment.pk, paragraph.pk],
        query={"page": 2},
    )
    last = assignment.comments.filter(parent__isnull=True).order_by("created_at", "pk").last()
    linked = client.get(last.get_absolute_url())["Location"]
    for _ in range(warmups):
        client.get(opened)
        client.get(more, HTTP_HX_REQUEST="true")
        client.get(linked)
    server_request_end()
    timings = timed(lambda: client.get(opened), runs)
    queries, html = counted(lambda: client.get(opened).content)
    more_timings = timed(lambda: client.get(more, HTTP_HX_REQUEST="true"), runs)
    more_queries, _ = counted(lambda: client.get(more, HTTP_HX_REQUEST="true"))
    linked_timings = timed(lambda: client.get(linked), runs)
    linked_queries, linked_html = counted(lambda: client.get(linked).content)
    assert f'id="{last.anchor}"'.encode() in linked_html
    return {
        "comments_on_paragraph": size,
        "load": round(os.getloadavg()[0], 2),
        "open_p50_ms": round(statistics.median(timings), 1),
        "open_p90_ms": percentile(timings, 90),
        "open_queries": queries,
        "open_threads_shown": html.count(b'class="comment-item depth-0'),
        "open_comments_shown": html.count(b'class="comment-item'),
        "show_more_p50_ms": round(statistics.median(more_timings), 1),
        "show_more_queries": more_queries,
        "link_to_last_page_p50_ms": round(statistics.median(linked_timings), 1),
        "link_to_last_page_queries": linked_queries,
    }


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def restart_with_shared_cache(assignment, student) -> dict:
    """The expanded page's first render in a new server process, timed in two processes that
    share a Redis fragment cache of their own: the first finds it empty, the second (a
    restarted or added server) finds what the first rendered."""
    if not redis_answers(BENCH_REDIS_URL):
        print(f"restart measurement skipped: no Redis at {BENCH_REDIS_URL}", file=sys.stderr)
        return {}
    prefix = f"colloquy-bench-{os.getpid()}-{random.randrange(10**9)}"
    environment = os.environ | {"REDIS_URL": BENCH_REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    url = assignment.get_absolute_url() + "?all=1"

    def first_render() -> dict:
        command = [sys.executable, __file__, "--first-render", url, student.username]
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=environment)
        return json.loads(done.stdout.splitlines()[-1])

    try:
        cold = first_render()
        warm = first_render()
    finally:
        shared = redis.Redis.from_url(BENCH_REDIS_URL)
        for key in shared.scan_iter(f"{prefix}*"):
            shared.delete(key)
    return {
        "restart_boot_ms": warm["boot_ms"],
        "restart_cold_ms": cold["first_ms"],
        "restart_warm_ms": warm["first_ms"],
    }


def time_first_render(url: str, username: str) -> None:
    """In a freshly started process: boot as the server does (config/wsgi.py, which warms up
    before taking requests), then the first request for `url`, as `username`."""
    start = time.perf_counter()
    import config.wsgi  # noqa: F401 (booting is what is timed here)

    booted = (time.perf_counter() - start) * 1000
    client = Client(HTTP_HOST="localhost")
    # A server's handler loads its middleware as it boots; the test client's waits for a
    # request unless told.
    client.handler.load_middleware()
    client.force_login(User.objects.get(username=username))
    first = timed(lambda: client.get(url), 1)
    print(json.dumps({"boot_ms": round(booted), "first_ms": round(first[0], 1)}))


def post_replies(client: Client, parents: list[Comment], headers: dict) -> dict:
    """Reply to each of `parents` (the first two warm up, as the page's first renders do):
    server time, the most queries one reply ran, the largest answer."""
    timings, sizes, queries = [], [], []
    for number, parent in enumerate(parents):
        url = f"{parent.get_absolute_url()}reply/"
        body = {"body": f"Reply {number}: {SENTENCE}", "kind": ""}
        start = time.perf_counter()
        ran, response = counted(lambda: client.post(url, body, headers=headers))  # noqa: B023
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (201, 302), response.status_code
        sizes.append(len(response.content))
        queries.append(ran)
    timings, sizes, queries = timings[2:], sizes[2:], queries[2:]
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": percentile(timings, 95),
        "queries": max(queries),
        "bytes_max": max(sizes),
    }


def empty_polls(client: Client, assignment, runs: int) -> dict:
    """An open discussion's poll when nothing changed since its cursor: answered from the
    cache, and with the cache emptied before each (the whole check, as after a change)."""
    paragraph = assignment.reading.current_paragraphs().first()
    url = reverse(
        "discussions:discussion_updates", args=[assignment.course.slug, assignment.pk, paragraph.pk]
    )
    # A cursor past the window of the last reply posted above.
    time.sleep(live.OVERLAP.total_seconds() + 1)
    url += f"?after={live.cursor_for(timezone.now())}"

    def poll():
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 204, response.status_code

    poll()  # the whole check, which gives the pass and the marker
    queries, _ = counted(poll)
    wall, cpu = [], time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        poll()
        wall.append((time.perf_counter() - start) * 1000)
    cpu_ms = (time.process_time() - cpu) * 1000 / runs
    full = []
    for _ in range(runs // 4):
        caches["default"].clear()
        start = time.perf_counter()
        poll()
        full.append((time.perf_counter() - start) * 1000)
    caches["default"].clear()
    full_queries, _ = counted(poll)
    return {
        "empty_poll_p50_ms": round(statistics.median(wall), 2),
        "empty_poll_p95_ms": percentile(wall, 95),
        "empty_poll_cpu_ms": round(cpu_ms, 2),
        "empty_poll_queries": queries,
        "full_poll_p50_ms": round(statistics.median(full), 2),
        "full_poll_queries": full_queries,
        # 1,000 tabs polling every 10 s: 100 polls a second, in CPU milliseconds per second.
        "thousand_tabs_cpu_ms_per_s": round(100 * cpu_ms, 1),
    }


def peer(size: int) -> dict | None:
    """The same expanded page built with django-comments-xtd, measured the same way."""
    # Beside the main checkout, or above a worktree kept in a folder of its own.
    places = [folder / "shared" / "bench" / "peer_xtd" / "run.sh" for folder in ROOT.parents]
    script = next((place for place in places if place.exists()), None)
    if script is None:
        print(f"peer benchmark not found in shared/ above {ROOT}", file=sys.stderr)
        return None
    done = subprocess.run(
        ["bash", str(script), "--sizes", str(size)],
        capture_output=True,
        text=True,
        check=True,
        env=STARTING_ENVIRONMENT,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return next((row for row in rows if row.get("comments") == size), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000,5000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument(
        "--peer", type=int, metavar="N", help="also run the django-comments-xtd page at N comments"
    )
    parser.add_argument(
        "--first-render", nargs=2, metavar=("URL", "USERNAME"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.first_render:
        time_first_render(*args.first_render)
        return
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    prepare_to_serve()
    rng = random.Random(20261127)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        result = measure(size, args.runs, args.warmups, rng)
        results.append(result)
        print(json.dumps(result), flush=True)
        print(json.dumps(measure_long_paragraph(size, args.runs, args.warmups, rng)), flush=True)
    summary = ", ".join(
        f"{r['comments']}: p50 {r['p50_ms']} ms, {r['queries']} queries" for r in results
    )
    print(f"summary: {summary} ({connection.vendor}, {os.cpu_count()} cores)")
    for r in results:
        print(
            f"{r['comments']} comments: reply htmx p50 {r['reply_htmx_p50_ms']} ms, "
            f"p95 {r['reply_htmx_p95_ms']} ms, {r['reply_htmx_queries']} queries; plain p50 "
            f"{r['reply_plain_p50_ms']} ms, p95 {r['reply_plain_p95_ms']} ms, "
            f"{r['reply_plain_queries']} queries; empty poll p50 {r['empty_poll_p50_ms']} ms "
            f"({r['empty_poll_cpu_ms']} ms CPU), {r['empty_poll_queries']} queries (whole check "
            f"{r['full_poll_p50_ms']} ms, {r['full_poll_queries']} queries); 1,000 tabs every "
            f"10 s: {r['thousand_tabs_cpu_ms_per_s']} ms CPU a second"
        )
    print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    print(machine.describe())
    by_size = {r["comments"]: r for r in results}
    if 1000 in by_size and 5000 in by_size:
        ratio = by_size[5000]["default_p50_ms"] / by_size[1000]["default_p50_ms"]
        print(f"default view, 5000 vs 1000 comments: {ratio:.2f}x")
    if args.peer:
        ours = by_size.get(args.peer) or measure(args.peer, args.runs, args.warmups, rng)
        theirs = peer(args.peer)
        if theirs:
            print("peer (django-comments-xtd): " + json.dumps(theirs))
            print(
                f"at {ours['comments']} comments: Colloquy p50 {ours['p50_ms']} ms vs "
                f"{theirs['p50_ms']} ms, {theirs['p50_ms'] / ours['p50_ms']:.1f}x faster; "
                f"{ours['queries']} vs {theirs['queries']} queries"
            )


if __name__ == "__main__":
    main()
