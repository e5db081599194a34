"""Load test: a whole class on one reading, against gunicorn on loopback with production settings.

Usage: python bench/loadtest.py [--database sqlite|postgres] [--users 200] [--seconds 60]
                                [--paragraphs 40] [--comments 300] [--workers N] [--json]

Prepares a fresh database (a SQLite file in a temporary folder; for postgres a scratch database
on the server of DATABASE_URL or COLLOQUY_POSTGRES_URL, else 127.0.0.1:5432, dropped after),
seeds one course with --users students already signed in, a reading of --paragraphs paragraphs
and --comments existing comments, starts gunicorn with gunicorn.conf.py, and lets every student
act for --seconds: load the reading page, open paragraph discussions (HTMX fragments), poll the
open discussion for new comments every LIVE_UPDATES_SECONDS, and post threads and replies with
unique bodies. Between actions a student thinks 4-16 s; then 45 % open another discussion,
8 % start a thread, 12 % reply, 5 % reload the page and 30 % keep reading.

Afterwards it checks that the database holds exactly the comments whose post succeeded (none
lost, none duplicated, none from a failed post) and prints requests/s and p50/p95/p99 per
request type, with the errors. Exits 1 if any request failed or any comment was lost or
duplicated. Nothing but the loopback server is contacted.
"""

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import (  # noqa: E402
    SESSION_CODE,
    Gunicorn,
    ScratchDatabase,
    Visitor,
    postgres_server_url,
    postgres_unreachable_reason,
)

# What each request type must answer; anything else, or no answer, is an error.
EXPECTED = {
    "reading page": {200},
    "open discussion": {200},
    "poll": {200, 204},
    "post thread": {201},
    "post reply": {201},
}
POLL_SECONDS = int(os.environ.get("LIVE_UPDATES_SECONDS", "10"))
AFTER = re.compile(rb'data-after="(\d+)"')
CURSOR = re.compile(rb'data-live-cursor="(\d+)"')
COMMENT_ID = re.compile(rb'id="c-(\d+)"')

SEED = (
    SESSION_CODE
    + """
import json, random
from articles.services import reading_create
from classroom.models import Membership, Role, User
from classroom.assignments.services import assignment_create
from classroom.courses.services import course_create
from discussions.reading.services import comment_create

settings_ = {settings}
rng = random.Random(8)
words = (
    "the reader claim evidence argument author paragraph history liberty people government "
    "power reason nature right law assent consent truth question doubt because however "
    "therefore although while which whose every each many several first second finally"
).split()

def sentence(count):
    text = " ".join(rng.choice(words) for _ in range(count))
    return text[0].upper() + text[1:] + "."

instructor = User.objects.create(
    username="loadtest-teacher", display_name="Ms. Okafor", may_teach=True
)
students = User.objects.bulk_create(
    User(username=f"loadtest-{{i:03d}}", display_name=f"Student {{i:03d}}", password="!")
    for i in range(settings_["users"])
)
course = course_create(title="Load test seminar", instructor=instructor)
Membership.objects.bulk_create(
    Membership(user=student, course=course, role=Role.STUDENT) for student in students
)
paragraphs_text = [
    " ".join(sentence(rng.randint(12, 22)) for _ in range(5))
    for _ in range(settings_["paragraphs"])
]
reading = reading_create(owner=instructor, title="A reading for the whole school",
                         paragraphs=paragraphs_text)
assignment = assignment_create(course=course, reading=reading, created_by=instructor)
paragraphs = list(reading.current_paragraphs())
comments = []
for index in range(settings_["comments"]):
    author = rng.choice(students)
    body = sentence(rng.randint(10, 40)) + " *" + sentence(4) + "*"
    if comments and rng.random() < 0.6:
        parent = rng.choice(comments)
        comment = comment_create(author=author, assignment=assignment, parent=parent, body=body)
    else:
        comment = comment_create(
            author=author, assignment=assignment, paragraph=rng.choice(paragraphs), body=body
        )
    comments.append(comment)
base = f"/c/{{course.slug}}/a/{{assignment.pk}}"
print(json.dumps({{
    "reading": assignment.get_absolute_url(),
    "paragraphs": [p.pk for p in paragraphs],
    "base": base,
    "comment_ids": [c.pk for c in comments],
    "sessions": [session_for(student) for student in students],
}}))
"""
)


@dataclass
class Outcome:
    kind: str
    status: int  # 0: no answer (connection error or time-out)
    seconds: float
    started: float

    @property
    def ok(self) -> bool:
        return self.status in EXPECTED[self.kind]


@dataclass
class Ledger:
    """What the students did; filled from many threads."""

    outcomes: list = field(default_factory=list)
    posted: list = field(default_factory=list)  # bodies whose post answered 201
    failed_posts: list = field(default_factory=list)
    errors: dict = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, outcome: Outcome, note: str = "") -> None:
        with self.lock:
            self.outcomes.append(outcome)
            if not outcome.ok:
                self.errors[f"{outcome.kind}: {outcome.status or 'no answer'} {note}".strip()] += 1


class Student:
    """One signed-in student with a browser: reads, opens discussions, polls, posts."""

    polling = True

    def __init__(self, index, seeded, server, ledger, run_id, deadline, rng):
        self.index = index
        self.seeded = seeded
        self.visitor = Visitor.signed_in(server.base_url, seeded["sessions"][index])
        self.ledger = ledger
        self.run_id = run_id
        self.deadline = deadline
        self.rng = rng
        self.open_paragraph = None
        self.cursor = None
        self.next_poll = 0.0
        self.posts = 0
        self.known_comments = list(seeded["comment_ids"])

    def send(self, kind, method, path, data=None, note=""):
        started = time.monotonic()
        try:
            response = self.visitor.request(method, path, data=data, htmx=kind != "reading page")
        except OSError as error:
            self.ledger.record(Outcome(kind, 0, time.monotonic() - started, started), str(error))
            return None
        self.ledger.record(Outcome(kind, response.status, response.seconds, started), note)
        return response

    def read_page(self):
        self.send("reading page", "GET", self.seeded["reading"])

    def open_discussion(self):
        paragraph = self.rng.choice(self.seeded["paragraphs"])
        path = f"{self.seeded['base']}/p/{paragraph}/discussion/"
        response = self.send("open discussion", "GET", path)
        if response is not None and response.status == 200:
            self.open_paragraph = paragraph
            found = AFTER.search(response.body)
            self.cursor = found.group(1).decode() if found else None
            self.next_poll = time.monotonic() + POLL_SECONDS

    def poll(self):
        self.next_poll = time.monotonic() + POLL_SECONDS
        if not self.polling or self.open_paragraph is None or self.cursor is None:
            return
        path = (
            f"{self.seeded['base']}/p/{self.open_paragraph}/discussion/updates/?after={self.cursor}"
        )
        response = self.send("poll", "GET", path)
        if response is not None and response.status == 200:
            found = CURSOR.search(response.body)
            if found:
                self.cursor = found.group(1).decode()

    def post(self, kind):
        self.posts += 1
        body = f"load-{self.run_id}-{self.index:03d}-{self.posts:03d}: a **unique** remark"
        if kind == "post reply":
            path = f"/comments/{self.rng.choice(self.known_comments)}/reply/"
        else:
            paragraph = self.open_paragraph or self.rng.choice(self.seeded["paragraphs"])
            path = f"{self.seeded['base']}/p/{paragraph}/comments/"
        form = {"body": body, "kind": "", "csrfmiddlewaretoken": self.visitor.csrf_token}
        response = self.send(kind, "POST", path, data=form)
        with self.ledger.lock:
            if response is not None and response.status == 201:
                self.ledger.posted.append(body)
            else:
                self.ledger.failed_posts.append(body)
        if response is not None and response.status == 201:
            found = COMMENT_ID.search(response.body)
            if found:
                self.known_comments.append(int(found.group(1)))

    def run(self):
        self.read_page()
        self.open_discussion()
        while True:
            # Reading a paragraph or writing a remark takes a while: 4-16 s between actions.
            think = self.rng.uniform(4.0, 16.0)
            wake = time.monotonic() + think
            # Polls go on while the student thinks, as the page's timer does.
            while self.next_poll < min(wake, self.deadline):
                time.sleep(max(0.0, self.next_poll - time.monotonic()))
                self.poll()
            time.sleep(max(0.0, min(wake, self.deadline) - time.monotonic()))
            if time.monotonic() >= self.deadline:
                return
            roll = self.rng.random()
            if roll < 0.45:
                self.open_discussion()
            elif roll < 0.53:
                self.post("post thread")
            elif roll < 0.65:
                self.post("post reply")
            elif roll < 0.70:
                self.read_page()
            # Otherwise the student just keeps reading.


def warm_up(server, seeded, workers: int) -> None:
    """Each fresh worker loads templates and code on its first requests; a server that has
    been up a while has done so. A few rounds of every page for each worker, not counted."""
    paragraph = seeded["paragraphs"][0]
    paths = [
        (seeded["reading"], False),
        (f"{seeded['base']}/p/{paragraph}/discussion/", True),
        (f"{seeded['base']}/p/{paragraph}/discussion/updates/?after=0", True),
    ]

    def browse(index: int) -> None:
        visitor = Visitor.signed_in(server.base_url, seeded["sessions"][index])
        for _ in range(3):
            for path, htmx in paths:
                visitor.get(path, htmx=htmx)

    started = time.monotonic()
    threads = [threading.Thread(target=browse, args=(i,)) for i in range(workers * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"Warmed up {workers} workers in {time.monotonic() - started:.1f} s.", flush=True)


def single_request_costs(server, seeded) -> dict:
    """Median time of each request type with nothing else from us in flight: what one request
    costs, to read the loaded figures against."""
    visitor = Visitor.signed_in(server.base_url, seeded["sessions"][-1])
    paragraph = seeded["paragraphs"][len(seeded["paragraphs"]) // 2]
    discussion = f"{seeded['base']}/p/{paragraph}/discussion/"
    now = int(time.time())
    requests = {
        "reading page": lambda: visitor.get(seeded["reading"]),
        "open discussion": lambda: visitor.get(discussion, htmx=True),
        "poll": lambda: visitor.get(f"{discussion}updates/?after={now}", htmx=True),
        "post thread": lambda: visitor.post(
            f"{seeded['base']}/p/{paragraph}/comments/",
            {"body": f"baseline {uuid.uuid4().hex}", "kind": ""},
            htmx=True,
        ),
    }
    costs = {}
    for kind, send in requests.items():
        timings = []
        for _ in range(15):
            response = send()
            assert response.status in EXPECTED[kind], (kind, response.status)
            timings.append(response.seconds * 1000)
        costs[kind] = round(statistics.median(timings), 1)
    return costs


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn's master and its workers (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        if pid == master_pid or parent == master_pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def percentile(values: list[float], share: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def summarise(ledger: Ledger, seconds: float) -> list[dict]:
    rows = []
    by_kind = defaultdict(list)
    for outcome in ledger.outcomes:
        by_kind[outcome.kind].append(outcome)
    for kind in [*EXPECTED, "all"]:
        outcomes = ledger.outcomes if kind == "all" else by_kind.get(kind, [])
        if not outcomes:
            continue
        timings = [outcome.seconds * 1000 for outcome in outcomes]
        rows.append(
            {
                "type": kind,
                "requests": len(outcomes),
                "errors": sum(not outcome.ok for outcome in outcomes),
                "per_second": round(len(outcomes) / seconds, 1),
                "p50_ms": round(percentile(timings, 50), 1),
                "p95_ms": round(percentile(timings, 95), 1),
                "p99_ms": round(percentile(timings, 99), 1),
                "max_ms": round(max(timings), 1),
            }
        )
    return rows


def print_table(rows: list[dict]) -> None:
    header = f"{'request':<16}{'count':>8}{'errors':>8}{'req/s':>8}"
    header += f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['type']:<16}{row['requests']:>8}{row['errors']:>8}{row['per_second']:>8}"
            f"{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}{row['max_ms']:>9}"
        )


def prepare(args, directory: Path) -> ScratchDatabase:
    if args.database == "sqlite":
        database = ScratchDatabase.sqlite(directory)
    else:
        server = postgres_server_url()
        reason = postgres_unreachable_reason(server)
        if reason:
            sys.exit(reason)
        database = ScratchDatabase.postgres(directory, server)
    print(f"Preparing a fresh {args.database} database ...", flush=True)
    database.migrate()
    database.manage("collectstatic", "--no-input", "-v0")
    return database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_database = "postgres" if os.environ.get("DATABASE_URL") else "sqlite"
    parser.add_argument("--database", choices=["sqlite", "postgres"], default=default_database)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=20, help="seconds to bring everyone in")
    parser.add_argument("--paragraphs", type=int, default=40)
    parser.add_argument("--comments", type=int, default=300)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default 2 * cores + 1)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="also print one JSON summary line")
    parser.add_argument("--trace", type=Path, help="write every request (time, type, ms) here")
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="colloquy-loadtest-"))
    database = prepare(args, directory)
    try:
        started = time.monotonic()
        settings = {"users": args.users, "paragraphs": args.paragraphs, "comments": args.comments}
        seeded = database.python(SEED.format(settings=settings))
        print(
            f"Seeded {args.users} students, {args.paragraphs} paragraphs and {args.comments} "
            f"comments in {time.monotonic() - started:.0f} s.",
            flush=True,
        )
        ledger = Ledger()
        load_before = f"{os.getloadavg()[0]:.2f}"
        run_id = uuid.uuid4().hex[:8]
        log = directory / "gunicorn.log"
        with Gunicorn(database.environment, workers=args.workers, log=log) as server:
            workers = server.environment.get("GUNICORN_WORKERS", f"{2 * os.cpu_count() + 1}")
            print(
                f"gunicorn ({workers} workers) at {server.base_url}; {args.users} students "
                f"for {args.seconds:.0f} s (ramp-up {args.ramp:.0f} s) ...",
                flush=True,
            )
            probe = Visitor.signed_in(server.base_url, seeded["sessions"][0])
            paragraph = seeded["paragraphs"][0]
            updates = f"{seeded['base']}/p/{paragraph}/discussion/updates/?after=0"
            if probe.get(updates, htmx=True).status == 404:
                Student.polling = False
                print("No live-update endpoint in this version: students do not poll.")
            warm_up(server, seeded, int(workers))
            costs = single_request_costs(server, seeded)
            print(
                "One request at a time (median ms): "
                + ", ".join(f"{kind} {ms}" for kind, ms in costs.items()),
                flush=True,
            )
            cpu_before = server_cpu_seconds(server.process.pid)
            begin = time.monotonic()
            deadline = begin + args.seconds
            threads = []
            for index in range(args.users):
                rng = random.Random(args.seed * 1000 + index)
                student = Student(index, seeded, server, ledger, run_id, deadline, rng)
                delay = args.ramp * index / max(1, args.users)

                def run(student=student, delay=delay):
                    time.sleep(delay)
                    student.run()

                thread = threading.Thread(target=run, daemon=True)
                thread.start()
                threads.append(thread)
            for thread in threads:
                thread.join(timeout=args.seconds + args.ramp + 120)
            elapsed = time.monotonic() - begin
            server_cpu = server_cpu_seconds(server.process.pid) - cpu_before
            server_log = server.log()

        stored = [
            body
            for (body,) in database.query(
                f"SELECT body FROM discussions_comment WHERE body LIKE 'load-{run_id}-%'"
            )
        ]
        posted = set(ledger.posted)
        stored_set = set(stored)
        lost = posted - stored_set
        duplicated = len(stored) - len(stored_set)
        from_failed = stored_set - posted
        rows = summarise(ledger, elapsed)
        if args.trace:
            args.trace.write_text(
                "".join(
                    f"{o.started - begin:.3f}\t{o.kind}\t{o.status}\t{o.seconds * 1000:.1f}\n"
                    for o in sorted(ledger.outcomes, key=lambda o: o.started)
                )
            )

        print()
        print(
            f"Load test, {args.database}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
            f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
            f"{args.users} students, {elapsed:.0f} s, gunicorn {workers} sync workers"
        )
        print_table(rows)
        print()
        print(
            f"Comments: {len(ledger.posted)} posts answered 201, {len(stored)} stored; "
            f"lost {len(lost)}, duplicated {duplicated}, stored from failed posts "
            f"{len(from_failed)}; posts that failed {len(ledger.failed_posts)}."
        )
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(
            f"gunicorn used {server_cpu:.1f} s of CPU in {elapsed:.0f} s "
            f"({server_cpu / elapsed:.2f} of {os.cpu_count()} cores); the load generator "
            f"{usage.ru_utime + usage.ru_stime:.1f} s. Load average before {load_before}, "
            f"after {os.getloadavg()[0]:.2f} (other work on the machine counts too)."
        )
        if ledger.errors:
            print("Errors:")
            for what, count in sorted(ledger.errors.items(), key=lambda item: -item[1]):
                print(f"  {count:>5} × {what}")
        if "Traceback" in server_log or "database is locked" in server_log:
            print("The server logged errors:\n" + server_log[-4000:])
        if args.json:
            print(
                json.dumps(
                    {
                        "database": args.database,
                        "cores": os.cpu_count(),
                        "users": args.users,
                        "seconds": round(elapsed, 1),
                        "single_request_ms": costs,
                        "server_cpu_seconds": round(server_cpu, 1),
                        "rows": rows,
                        "posted": len(ledger.posted),
                        "stored": len(stored),
                        "lost": len(lost),
                        "duplicated": duplicated,
                        "from_failed": len(from_failed),
                    }
                )
            )
        clean = not ledger.errors and not lost and not duplicated and not from_failed
        return 0 if clean else 1
    finally:
        database.drop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
