"""Load and fault test of a Colloquy cluster: simulated students through nginx, then a check
that the database holds every acknowledged post exactly once.

Usage: python bench/cluster_load.py [--users 200] [--seconds 60] [--servers 3] [--faults]
                                    [--workers N] [--ramp S] [--logins 20] [--port 8800]

Starts the cluster of tools/cluster.py (its own PostgreSQL and Redis on loopback) on a fresh
database colloquy_cluster_bench, seeds one course with --users students, a reading of 40
paragraphs and 300 comments, and lets locust (headless, from this script) run the students for
--seconds: the first --logins sign in through the login form (each costs a full password hash
on the server, about a second of CPU here), the rest arrive with a session the seed made. Each
student reads the reading page, opens paragraph discussions (HTMX fragments), polls the open
one every LIVE_UPDATES_SECONDS, and posts threads and replies, thinking 4-16 s between
actions. Every post carries a unique marker and, as the form's hidden field does, a posting
key of its own; afterwards the database must hold each acknowledged (2xx/3xx) post once: lost
and doubled must be 0.

--faults, during the run: at 25 % kill -9 one gunicorn server, master and workers (nginx
routes around it; the cluster starts it again after 5 s); at 50 % restart Redis; at 70 % stop
PostgreSQL for 5 s and start it again, while a probe asks for a page every 0.2 s to time how
fast the 503s come and how soon pages answer again. Errors inside a fault's window are counted
apart from the rest and listed by kind for each fault. Prints throughput, p50/p95/p99 per
request type and for pages and posts, and the load average (the machine may be shared). Exits
1 on any lost or doubled post or any error outside a fault's window. Only loopback addresses
are contacted; the run stops itself.
"""

from gevent import monkey

monkey.patch_all()  # before anything else imports socket, ssl or threading

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from http.cookiejar import Cookie, DefaultCookiePolicy  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import SESSION_CODE, Visitor, production_environment  # noqa: E402
from tools import cluster  # noqa: E402

DATABASE = "colloquy_cluster_bench"
PASSWORD = "bench-student-password"
POLL_SECONDS = int(os.environ.get("LIVE_UPDATES_SECONDS", "10"))
# What each request type must answer; anything else, or no answer, is an error.
EXPECTED = {
    "log in": {302},
    "reading page": {200},
    "open discussion": {200},
    "poll": {200, 204},
    "post thread": {201},
    "post reply": {201},
}
PAGES = ("reading page", "open discussion", "poll")
POSTS = ("post thread", "post reply")
AFTER = re.compile(r'data-after="(\d+)"')
CURSOR = re.compile(r'data-live-cursor="(\d+)"')
COMMENT_ID = re.compile(r'id="c-(\d+)"')
POSTGRES_DOWN_SECONDS = 5
REDIS_DOWN_SECONDS = 2
# Errors this long after a fault ends still count as the fault's.
FAULT_GRACE_SECONDS = 3

SEED = (
    SESSION_CODE
    + """
import json, random
from django.contrib.auth.hashers import make_password
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

# One hash for everyone: hashing a thousand passwords would take the seed many minutes.
password = make_password(settings_["password"])
instructor = User.objects.create(
    username="bench-teacher", display_name="Ms. Okafor", may_teach=True
)
students = User.objects.bulk_create(
    User(username=f"bench-{{i:04d}}", display_name=f"Student {{i:04d}}", password=password)
    for i in range(settings_["users"] + 1)
)
course = course_create(title="Cluster seminar", instructor=instructor)
Membership.objects.bulk_create(
    Membership(user=student, course=course, role=Role.STUDENT) for student in students
)
paragraphs_text = [
    " ".join(sentence(rng.randint(12, 22)) for _ in range(5)) for _ in range(40)
]
reading = reading_create(owner=instructor, title="A reading for the whole school",
                         paragraphs=paragraphs_text)
assignment = assignment_create(course=course, reading=reading, created_by=instructor)
paragraphs = list(reading.current_paragraphs())
comments = []
for index in range(300):
    author = rng.choice(students)
    body = sentence(rng.randint(10, 40)) + " *" + sentence(4) + "*"
    if comments and rng.random() < 0.6:
        comment = comment_create(author=author, assignment=assignment,
                                 parent=rng.choice(comments), body=body)
    else:
        comment = comment_create(author=author, assignment=assignment,
                                 paragraph=rng.choice(paragraphs), body=body)
    comments.append(comment)
print(json.dumps({{
    "reading": assignment.get_absolute_url(),
    "paragraphs": [p.pk for p in paragraphs],
    "base": f"/c/{{course.slug}}/a/{{assignment.pk}}",
    "comment_ids": [c.pk for c in comments],
    "usernames": [student.username for student in students],
    # The last student is the fault probe's, never a simulated one.
    "sessions": [session_for(student) for student in students[settings_["logins"]:]],
}}))
"""
)


@dataclass
class Outcome:
    kind: str
    status: int  # 0: no answer (connection error or time-out)
    milliseconds: float
    started: float  # seconds since the epoch, as locust gives it

    @property
    def answered(self) -> float:
        # A request queued for seconds may start before a fault and fail inside it: errors
        # belong to the moment of the answer.
        return self.started + self.milliseconds / 1000

    @property
    def ok(self) -> bool:
        return self.status in EXPECTED[self.kind]


class Run:
    """What the students did, shared by every simulated student (gevent: one thread)."""

    seeded: dict
    logins: int
    run_id: str
    outcomes: list[Outcome]
    acknowledged: set[str]
    refused: set[str]  # posts answered with an error or not at all
    faults: list[list]  # [what, started, ended or None], epoch seconds
    counter = itertools.count()


class LoopbackCookiePolicy(DefaultCookiePolicy):
    """Browsers send Secure cookies to http://127.0.0.1 and localhost, a secure context;
    Python's cookie jar would not. Colloquy's session and CSRF cookies are Secure."""

    def return_ok_secure(self, cookie, request):
        return True


def session_cookie(value: str) -> Cookie:
    return Cookie(
        0, "sessionid", value, None, False, "127.0.0.1", False, False, "/", True, True,
        None, False, None, None, {},
    )  # fmt: skip


class Student(FastHttpUser):
    """One student with a browser on the reading page, JavaScript on (HTMX requests)."""

    wait_time = constant(0)  # the student's own thinking is in act()
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self):
        self.index = next(Run.counter)
        self.rng = random.Random(self.index)
        self.client.cookiejar.set_policy(LoopbackCookiePolicy())
        self.open_paragraph = None
        self.cursor = None
        self.next_poll = 0.0
        self.posts = 0
        self.known_comments = list(Run.seeded["comment_ids"])
        if self.index < Run.logins:
            self.log_in()
        else:
            session = Run.seeded["sessions"][self.index - Run.logins]
            self.client.cookiejar.set_cookie(session_cookie(session))
        self.send("reading page", "GET", Run.seeded["reading"], htmx=False)
        self.open_discussion()

    def csrf_token(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def send(self, kind, method, path, *, data=None, htmx=True):
        headers = {"Accept-Encoding": "gzip"}
        if htmx:
            headers |= {"HX-Request": "true", "HX-Current-URL": self.host + path}
        if data is not None:
            headers |= {"Origin": self.host, "Referer": self.host + path}
            data = data | {"csrfmiddlewaretoken": self.csrf_token()}
        with self.client.request(
            method, path, data=data, headers=headers, name=kind, allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            status = response.status_code or 0
            # Our own ledger judges the answer; locust's is not read.
            response.success()
        return status, (response.text or "") if status else ""

    def log_in(self):
        self.send("login form", "GET", "/accounts/login/", htmx=False)
        username = Run.seeded["usernames"][self.index]
        self.send("log in", "POST", "/accounts/login/", htmx=False,
                  data={"username": username, "password": PASSWORD})  # fmt: skip

    def open_discussion(self):
        paragraph = self.rng.choice(Run.seeded["paragraphs"])
        status, body = self.send("open discussion", "GET", self.discussion(paragraph))
        if status == 200:
            self.open_paragraph = paragraph
            found = AFTER.search(body)
            self.cursor = found.group(1) if found else None
            self.next_poll = time.monotonic() + POLL_SECONDS

    def discussion(self, paragraph) -> str:
        return f"{Run.seeded['base']}/p/{paragraph}/discussion/"

    def poll(self):
        self.next_poll = time.monotonic() + POLL_SECONDS
        if self.open_paragraph is None or self.cursor is None:
            return
        path = f"{self.discussion(self.open_paragraph)}updates/?after={self.cursor}"
        status, body = self.send("poll", "GET", path)
        found = CURSOR.search(body) if status == 200 else None
        if found:
            self.cursor = found.group(1)

    def post(self, kind):
        self.posts += 1
        marker = f"cl-{Run.run_id}-{self.index:04d}-{self.posts:03d}"
        if kind == "post reply":
            path = f"/comments/{self.rng.choice(self.known_comments)}/reply/"
        else:
            paragraph = self.open_paragraph or self.rng.choice(Run.seeded["paragraphs"])
            path = f"{Run.seeded['base']}/p/{paragraph}/comments/"
        body = f"{marker}: a **unique** remark"
        data = {"body": body, "kind": "", "posting_key": str(uuid.uuid4())}
        status, answer = self.send(kind, "POST", path, data=data)
        if 200 <= status < 400:
            Run.acknowledged.add(marker)
            found = COMMENT_ID.search(answer)
            if found:
                self.known_comments.append(int(found.group(1)))
        else:
            Run.refused.add(marker)

    @task
    def act(self):
        # Reading a paragraph or writing a remark takes a while; the page's timer polls the
        # open discussion meanwhile.
        wake = time.monotonic() + self.rng.uniform(4.0, 16.0)
        while self.next_poll < wake:
            gevent.sleep(max(0.0, self.next_poll - time.monotonic()))
            self.poll()
        gevent.sleep(max(0.0, wake - time.monotonic()))
        roll = self.rng.random()
        if roll < 0.45:
            self.open_discussion()
        elif roll < 0.53:
            self.post("post thread")
        elif roll < 0.65:
            self.post("post reply")
        elif roll < 0.70:
            self.send("reading page", "GET", Run.seeded["reading"], htmx=False)


def record(request_type, name, response_time, response_length, response=None, exception=None,
           start_time=None, **_):  # fmt: skip
    if name not in EXPECTED:
        return  # the login form's GET only fetches the CSRF cookie
    status = getattr(response, "status_code", 0) or 0
    Run.outcomes.append(Outcome(name, status, response_time, start_time))


# The cluster, started and stopped as `make cluster` would.


def cluster_start(args, environment: dict, log: Path) -> subprocess.Popen:
    if cluster.running_cluster():
        sys.exit("A cluster is already running: `make cluster-stop` first.")
    command = [
        sys.executable, str(ROOT / "tools" / "cluster.py"), "--servers", str(args.servers),
        "--port", str(args.port), "--database", DATABASE, "--fresh-database", "--no-demo",
    ]  # fmt: skip
    if args.workers:
        command += ["--workers", str(args.workers)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 600
    while not cluster.running_cluster().get("url"):
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"The cluster did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    return process


def cluster_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)


def seed(args, environment: dict) -> dict:
    settings = {"users": args.users, "logins": args.logins, "password": PASSWORD}
    script = "import django\ndjango.setup()\n" + SEED.format(settings=settings)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False,
        env=environment | {"DJANGO_SETTINGS_MODULE": "config.settings"}, timeout=900,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"Seeding failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def warm_up(url: str, seeded: dict, workers: int) -> None:
    """A fresh worker loads templates and code on its first requests: a few of each page per
    worker, not counted."""
    paragraph = seeded["paragraphs"][0]
    discussion = f"{seeded['base']}/p/{paragraph}/discussion/"
    paths = [
        (seeded["reading"], False),
        (discussion, True),
        (f"{discussion}updates/?after=0", True),
    ]

    def browse(index):
        visitor = Visitor.signed_in(url, seeded["sessions"][index % len(seeded["sessions"])])
        for _ in range(3):
            for path, htmx in paths:
                visitor.get(path, htmx=htmx)

    gevent.joinall([gevent.spawn(browse, index) for index in range(workers * 2)])


# Faults.


def fault(what: str, action) -> None:
    window = [what, time.time(), None]
    Run.faults.append(window)
    print(f"  {time.strftime('%H:%M:%S')} {what}", flush=True)
    action()
    window[2] = time.time()


def kill_server() -> None:
    """The fault lasts until the cluster has started the server again and it answers."""
    killed = time.monotonic()
    pid = cluster.server_kill(0)
    port = cluster.running_cluster()["servers"][0]["port"]
    print(f"    killed gunicorn master {pid} and its workers (port {port})", flush=True)

    def back():
        restarted = cluster.running_cluster()["servers"][0]["pid"] != pid
        return restarted and cluster.answers(f"http://127.0.0.1:{port}/accounts/login/")

    cluster.wait_until(back, 120, "The killed server")
    print(f"    server 1 answers again {time.monotonic() - killed:.1f} s later", flush=True)


def restart_redis() -> None:
    cluster.redis_stop()
    gevent.sleep(REDIS_DOWN_SECONDS)
    cluster.redis_start()


def restart_postgres(url: str, session: str) -> dict:
    """Stop PostgreSQL for POSTGRES_DOWN_SECONDS while a probe asks for the reading page every
    0.2 s: how fast do the 503s come, and how soon after PostgreSQL is back is a page asked
    for answered? Each ask has its own connection and does not wait for the one before: the
    servers answer in turn, so a probe that waited would time the queue of students ahead."""
    answers: list[tuple[float, int, float]] = []  # asked, status, seconds until the answer
    asks: list[gevent.Greenlet] = []

    def ask():
        asked = time.monotonic()
        try:
            status = Visitor.signed_in(url, session).get(Run.seeded["reading"]).status
        except OSError:
            status = 0
        answers.append((asked, status, time.monotonic() - asked))

    def page_asked_after(moment: float) -> bool:
        return any(asked >= moment and status == 200 for asked, status, _ in answers)

    def keep_asking():
        while back is None or not (page_asked_after(back) or time.monotonic() - back > 60):
            asks.append(gevent.spawn(ask))
            gevent.sleep(0.2)

    back = None
    stopped = time.monotonic()
    prober = gevent.spawn(keep_asking)
    cluster.postgres_stop()
    gevent.sleep(POSTGRES_DOWN_SECONDS)
    cluster.postgres_start()
    back, back_at = time.monotonic(), time.time()
    prober.join(timeout=120)
    gevent.joinall(asks, timeout=120)
    down = [(status, seconds) for asked, status, seconds in answers if stopped <= asked < back]
    after = [(asked - back, status, seconds) for asked, status, seconds in answers if asked >= back]
    first = min(((a, s) for a, status, s in after if status == 200), default=None)
    return {
        "back_at": back_at,
        "answers_while_down": Counter(status for status, _ in down),
        "slowest_answer_while_down_ms": round(max((s for _, s in down), default=0) * 1000),
        "answers_asked_after": Counter(status for _, status, _ in after),
        # When the first page asked for after PostgreSQL was back was asked, and answered.
        "recovered_after_s": round(first[0], 2) if first else None,
        "answered_after_s": round(first[0] + first[1], 2) if first else None,
        "outage_s": round(first[0] + back - stopped, 2) if first else None,
    }


def run_faults(seconds: float, url: str, probe_session: str, report: dict) -> None:
    begin = time.monotonic()

    def at(share):
        # Never before the last fault's window is over, so each error belongs to one fault.
        gevent.sleep(FAULT_GRACE_SECONDS + 2)
        gevent.sleep(max(0.0, begin + seconds * share - time.monotonic()))

    at(0.25)
    fault("kill -9 one gunicorn server", kill_server)
    at(0.50)
    fault(f"restart Redis ({REDIS_DOWN_SECONDS} s down)", restart_redis)
    at(0.70)
    fault(
        f"restart PostgreSQL ({POSTGRES_DOWN_SECONDS} s down)",
        lambda: report.update(restart_postgres(url, probe_session)),
    )


# Figures.


def percentile(values: list[float], share: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def in_fault_window(outcome: Outcome) -> bool:
    return any(
        started <= outcome.answered <= (ended or time.time()) + FAULT_GRACE_SECONDS
        for _, started, ended in Run.faults
    )


def print_table(elapsed: float) -> None:
    groups = {kind: [o for o in Run.outcomes if o.kind == kind] for kind in EXPECTED}
    groups["pages (all GETs)"] = [o for o in Run.outcomes if o.kind in PAGES]
    groups["posts"] = [o for o in Run.outcomes if o.kind in POSTS]
    groups["all"] = Run.outcomes
    header = f"{'request':<18}{'count':>7}{'errors':>8}{'req/s':>8}"
    header += f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    print(header)
    print("-" * len(header))
    for kind, outcomes in groups.items():
        if not outcomes:
            continue
        timings = [o.milliseconds for o in outcomes]
        print(
            f"{kind:<18}{len(outcomes):>7}{sum(not o.ok for o in outcomes):>8}"
            f"{len(outcomes) / elapsed:>8.1f}{percentile(timings, 50):>9.0f}"
            f"{percentile(timings, 95):>9.0f}{percentile(timings, 99):>9.0f}{max(timings):>9.0f}"
        )


def stored_markers(database_url: str) -> Counter:
    import psycopg

    pattern = re.compile(rf"cl-{Run.run_id}-\d+-\d+")
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT body FROM discussions_comment WHERE body LIKE %s", [f"cl-{Run.run_id}-%"]
        ).fetchall()
    return Counter(pattern.match(body).group(0) for (body,) in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--workers", type=int, help="gunicorn workers per server")
    parser.add_argument("--ramp", type=float, help="seconds to bring everyone in")
    parser.add_argument("--logins", type=int, default=20, help="students using the login form")
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()
    args.logins = min(args.logins, args.users)
    ramp = args.ramp if args.ramp is not None else min(30.0, max(5.0, args.users / 20))

    environment = production_environment(SECURE_SSL_REDIRECT="0")
    log = cluster.RUN_DIR / "cluster_load.log"
    cluster.RUN_DIR.mkdir(exist_ok=True)
    print(f"Starting a cluster of {args.servers} server(s); its output in {log} ...", flush=True)
    process = cluster_start(args, environment, log)
    try:
        state = cluster.running_cluster()
        environment |= {"DATABASE_URL": state["database_url"], "REDIS_URL": state["redis_url"]}
        started = time.monotonic()
        Run.seeded = seed(args, environment)
        print(f"Seeded {args.users} students in {time.monotonic() - started:.0f} s.", flush=True)
        probe_session = Run.seeded["sessions"][-1]
        workers = args.workers or 2 * os.cpu_count() + 1
        warm_up(state["url"], Run.seeded, workers * args.servers)
        Run.logins, Run.run_id = args.logins, uuid.uuid4().hex[:8]
        Run.outcomes, Run.acknowledged, Run.refused, Run.faults = [], set(), set(), []

        environment_ = Environment(user_classes=[Student], host=state["url"])
        environment_.events.request.add_listener(record)
        runner = environment_.create_local_runner()
        load_before = os.getloadavg()
        print(
            f"{args.users} students for {args.seconds:.0f} s (ramp-up {ramp:.0f} s, "
            f"{args.logins} through the login form) against {state['url']} ...",
            flush=True,
        )
        begin = time.time()
        runner.start(args.users, spawn_rate=args.users / ramp)
        postgres_report: dict = {}
        faults = gevent.spawn(run_faults, args.seconds, state["url"], probe_session,
                              postgres_report) if args.faults else None  # fmt: skip
        gevent.sleep(args.seconds)
        if faults is not None:
            # The students go on until the last fault is over, however long it takes.
            faults.join(timeout=180)
        runner.quit()
        elapsed = time.time() - begin
        load_after = os.getloadavg()
        stored = stored_markers(state["database_url"])
    finally:
        cluster_stop(process)

    lost = Run.acknowledged - set(stored)
    doubled = [marker for marker, count in stored.items() if count > 1]
    stored_refused = Run.refused & set(stored)
    # Posts still waiting for their answer when the run stopped the students.
    cut_off = set(stored) - Run.acknowledged - Run.refused
    print()
    print(
        f"Cluster load, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores "
        f"({platform.machine()}), {args.servers} server(s) x {workers} gunicorn workers "
        f"behind nginx, PostgreSQL, {args.users} students, {elapsed:.0f} s"
        + (", with faults" if args.faults else "")
    )
    print_table(elapsed)
    print()
    print(
        f"Posts: {len(Run.acknowledged)} acknowledged, {len(stored)} distinct stored; "
        f"lost {len(lost)}, doubled {len(doubled)}; {len(Run.refused)} answered with an error, "
        f"of which {len(stored_refused)} were stored all the same; {len(cut_off)} stored "
        "whose answer the end of the run cut off."
    )
    errors = defaultdict(Counter)
    for outcome in Run.outcomes:
        if not outcome.ok:
            window = "during faults" if in_fault_window(outcome) else "outside faults"
            errors[window][f"{outcome.kind}: {outcome.status or 'no answer'}"] += 1
    for window, counts in errors.items():
        print(f"Errors {window}: " + ", ".join(f"{n} x {what}" for what, n in counts.most_common()))
    for what, started, ended in Run.faults:
        ended = (ended or time.time()) + FAULT_GRACE_SECONDS
        during = [o for o in Run.outcomes if started <= o.answered <= ended]
        failed = Counter(f"{o.kind}: {o.status or 'no answer'}" for o in during if not o.ok)
        print(
            f"  {what}: {len(during)} requests in its {ended - started:.0f} s window, "
            f"{failed.total()} failed"
            + "".join(f"; {n} x {kind}" for kind, n in failed.most_common())
        )
    if postgres_report:
        # Students' 503s answered after PostgreSQL was back: how long servers took to reach it.
        late_503 = [o.answered - postgres_report["back_at"] for o in Run.outcomes
                    if o.status == 503 and o.answered >= postgres_report["back_at"]]  # fmt: skip
        print(
            "PostgreSQL restart: pages asked for while it was down answered "
            f"{dict(postgres_report['answers_while_down'])}, the slowest in "
            f"{postgres_report['slowest_answer_while_down_ms']} ms; the first page asked for "
            f"after it was back ({postgres_report['recovered_after_s']} s after, "
            f"{postgres_report['outage_s']} s from the stop) answered 200 "
            f"{postgres_report['answered_after_s']} s after it was back; all pages asked for "
            f"after it was back answered {dict(postgres_report['answers_asked_after'])}; "
            f"students' 503s answered after it was back: {len(late_503)}"
            + (f", the last {max(late_503):.2f} s after." if late_503 else ".")
        )
    print(
        "Load average (1, 5, 15 min) before "
        + ", ".join(f"{value:.2f}" for value in load_before)
        + "; after "
        + ", ".join(f"{value:.2f}" for value in load_after)
        + " (other work on the machine counts too)."
    )
    clean = not lost and not doubled and "outside faults" not in errors
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
