"""Benchmark the reading page with every discussion expanded, as a logged-in student.

Usage: python bench/reading_page.py --sizes 200,1000,5000 [--runs 15] [--warmups 2]
Seeds one reading of 40 paragraphs with N threaded comments (30 % top level, the rest replies
at random depths, fixed seed) in a fresh SQLite database (or DATABASE_URL's server), then
renders /c/<course>/a/<id>/?all=1 through the Django test client with the full middleware
stack and prints one JSON line per size and a summary line.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.services import reading_create  # noqa: E402
from classroom.models import Membership, Role, User  # noqa: E402
from classroom.services import assignment_create, course_create  # noqa: E402
from discussions.models import MAX_DEPTH, Comment  # noqa: E402
from discussions.rendering import render_markdown  # noqa: E402

PARAGRAPHS = 40
SENTENCE = (
    "The author's claim in this paragraph rests on *two* assumptions, and I am not sure the "
    "second one holds once you read the **evidence** closely."
)


def seed(size: int, rng: random.Random):
    """One course, one reading, a few students and `size` comments, bulk-inserted in order."""
    suffix = f"{size}-{rng.randrange(10**9)}"
    instructor = User.objects.create(username=f"teacher-{suffix}", display_name="Teacher")
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
    created: list[Comment] = []
    for index in range(size):
        parent = None
        if created and (index >= size * 0.3 or rng.random() > 0.3):
            candidates = [c for c in created[-200:] if c.depth < MAX_DEPTH - 1]
            parent = rng.choice(candidates) if candidates else None
        comment = Comment(
            assignment=assignment,
            paragraph=parent.paragraph if parent else rng.choice(paragraphs),
            author=rng.choice(students),
            parent=parent,
            thread_root=parent.thread_root if parent else None,
            depth=parent.depth + 1 if parent else 0,
            body=SENTENCE,
            body_html=body_html,
        )
        comment.save()
        if parent is None:
            comment.thread_root = comment
            Comment.objects.filter(pk=comment.pk).update(thread_root=comment)
        created.append(comment)
    return assignment, students[0]


def measure(size: int, runs: int, warmups: int, rng: random.Random) -> dict:
    assignment, student = seed(size, rng)
    client = Client(HTTP_HOST="localhost")
    client.force_login(student)
    url = assignment.get_absolute_url() + "?all=1"
    for _ in range(warmups):
        client.get(url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content
    deciles = statistics.quantiles(timings, n=10)
    return {
        "comments": size,
        "comments_rendered": html.count(b'class="comment-item'),
        "p50_ms": round(statistics.median(timings), 1),
        "p90_ms": round(deciles[8], 1),
        "queries": len(queries),
        "html_bytes": len(html),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000,5000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmups", type=int, default=2)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(20261127)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        result = measure(size, args.runs, args.warmups, rng)
        results.append(result)
        print(json.dumps(result), flush=True)
    summary = ", ".join(
        f"{r['comments']}: p50 {r['p50_ms']} ms, {r['queries']} queries" for r in results
    )
    print(f"summary: {summary} ({connection.vendor}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
