"""Benchmark course search as a student and as the instructor.

Usage: python bench/search.py [--comments 100000] [--runs 30] [--warmups 3] [--seeded]
Seeds one course of five assigned readings (40 paragraphs each) with N comments in all
(words drawn from a fixed vocabulary, common words far more often than rare ones, fixed seed),
in a fresh SQLite database (or SQLITE_PATH's file, or DATABASE_URL's server), then, with the
process prepared as a server's is (config/startup.py), times typical searches through the
Django test client with the full middleware stack: p50/p95 per query, one JSON line each, then
a summary with the machine's speed (bench/machine.py). `make bench-search` runs it on SQLite
and on a scratch PostgreSQL database. --seeded times the searches again on a database an
earlier run seeded and kept (SQLITE_PATH or DATABASE_URL), so that two versions of the code
compare on the same rows.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp())
# Production settings, as a school would run them (plain HTTP on the test client).
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_ROOT", str(WORK / "static"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(WORK / "bench.sqlite3"))

import django  # noqa: E402
import machine  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.services import reading_create  # noqa: E402
from classroom.assignments.services import assignment_create  # noqa: E402
from classroom.courses.services import course_create  # noqa: E402
from classroom.models import Course, Membership, Role, User  # noqa: E402
from config.startup import prepare_to_serve  # noqa: E402
from discussions.models import Comment, Kind  # noqa: E402

READINGS = 5
PARAGRAPHS = 40
STUDENTS = 60
# Everyday words of a discussion, the first far more common than the last (Zipf weights),
# then a few that come up rarely.
EVERYDAY_WORDS = (
    "the of and to in is that it author claim this paragraph evidence not but argument "
    "reading because they we think about which reader point text seems would more second "
    "first question means why how could there where when people language view example "
    "assumption assumptions history freedom government power nature reason right rights "
    "liberty tyranny declaration independence colonies king law laws consent governed "
    "happiness equal truth self evident created unalienable justice safety prudence "
    "experience suffering usurpations despotism guard security patient sufferance necessity"
)
VOCABULARY = EVERYDAY_WORDS.split()
RARE = ["quokka", "harbour", "lantern", "obsidian", "cinnabar"]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
BATCH = 5000

QUERIES = [
    ("common word", {"q": "evidence"}),
    ("rare word", {"q": "quokka"}),
    ("two words", {"q": "author claim"}),
    ("prefix", {"q": "assum"}),
    ("alternatives", {"q": "harbour OR lantern"}),
    ("one reading", {"q": "evidence", "reading": "{first_reading}"}),
    ("reply type", {"q": "evidence", "type": Kind.QUESTION}),
    ("person", {"q": "evidence", "person": "Student 7"}),
    ("dates", {"q": "evidence", "from": "{month_ago}", "to": "{today}"}),
    ("page 5", {"q": "evidence", "page": "5"}),
    ("punctuation", {"q": '"evidence" AND (claim*) -- NEAR'}),
]


def body(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(12, 40))
    if rng.random() < 0.002:
        words.insert(rng.randrange(len(words)), rng.choice(RARE))
    return " ".join(words).capitalize() + "."


def seed(size: int, rng: random.Random):
    instructor = User.objects.create(username="teacher", display_name="Teacher", may_teach=True)
    students = [
        User.objects.create(username=f"student-{i}", display_name=f"Student {i}")
        for i in range(STUDENTS)
    ]
    course = course_create(title="Bench search", instructor=instructor)
    Membership.objects.bulk_create(
        Membership(user=student, course=course, role=Role.STUDENT) for student in students
    )
    assignments = []
    for number in range(READINGS):
        texts = [body(rng) for _ in range(PARAGRAPHS)]
        reading = reading_create(owner=instructor, title=f"Reading {number}", paragraphs=texts)
        assignments.append(assignment_create(course=course, reading=reading, created_by=instructor))
    paragraphs = {a.pk: list(a.reading.current_paragraphs()) for a in assignments}
    kinds = [Kind.NONE] * 6 + [Kind.QUESTION, Kind.CLAIM, Kind.EVIDENCE, Kind.COUNTERPOINT]
    for start in range(0, size, BATCH):
        batch = []
        for _ in range(min(BATCH, size - start)):
            assignment = rng.choice(assignments)
            text = body(rng)
            batch.append(
                Comment(
                    assignment=assignment,
                    paragraph=rng.choice(paragraphs[assignment.pk]),
                    author=rng.choice(students),
                    body=text,
                    # What render_markdown gives for plain words.
                    body_html=f"<p>{text}</p>",
                    kind=rng.choice(kinds),
                )
            )
        Comment.objects.bulk_create(batch)
    return course, assignments, instructor, students[0]


def seeded_earlier():
    course = Course.objects.get(title="Bench search")
    assignments = list(course.assignments.order_by("pk"))
    return (
        course,
        assignments,
        User.objects.get(username="teacher"),
        User.objects.get(username="student-0"),
    )


def percentile(timings: list[float], share: int) -> float:
    return round(statistics.quantiles(timings, n=100)[share - 1], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--seeded", action="store_true", help="search an earlier run's rows")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if options.seeded:
        course, assignments, instructor, student = seeded_earlier()
        options.comments, seeded = Comment.objects.count(), "earlier"
    else:
        started = time.perf_counter()
        course, assignments, instructor, student = seed(options.comments, random.Random(15))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # What autovacuum does to a table soon after a batch of writes: statistics for
                # the planner and a visibility map, without which no index answers alone.
                cursor.execute("VACUUM ANALYZE")
        seeded = f"in {time.perf_counter() - started:.1f} s"
    prepare_to_serve()
    url = reverse("discussions:search", args=[course.slug])
    today = timezone.localdate()
    placeholders = {
        "first_reading": assignments[0].pk,
        "today": today.isoformat(),
        "month_ago": (today - timedelta(days=30)).isoformat(),
    }
    worst = 0.0
    for role, person in (("student", student), ("instructor", instructor)):
        client = Client(HTTP_HOST="localhost")
        client.force_login(person)
        for name, query in QUERIES:
            query = {key: value.format(**placeholders) for key, value in query.items()}
            for _ in range(options.warmups):
                client.get(url, query)
            timings = []
            for _ in range(options.runs):
                start = time.perf_counter()
                response = client.get(url, query)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            p95 = percentile(timings, 95)
            worst = max(worst, p95)
            print(
                json.dumps(
                    {
                        "database": connection.vendor,
                        "comments": options.comments,
                        "as": role,
                        "query": name,
                        "p50_ms": percentile(timings, 50),
                        "p95_ms": p95,
                    }
                )
            )
    print(
        f"{connection.vendor}: {options.comments:,} comments seeded {seeded}; "
        f"worst p95 {worst} ms (target 50 ms)"
    )
    print(machine.describe())


if __name__ == "__main__":
    main()
