"""Real servers for tests and the load test: scratch databases, gunicorn in a subprocess with
production settings, and a small HTTP client that acts like a signed-in browser behind the
TLS proxy."""

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "live-server-key-9fQ2-not-for-production-but-long-enough-to-pass-the-checks"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# Settings the test run or a developer's shell may carry that a production server would not.
DEVELOPMENT_ONLY = {
    "DEBUG",
    "DATABASE_URL",
    "SQLITE_PATH",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PYTEST_CURRENT_TEST",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(**extra: str) -> dict:
    """The environment of a production server on this machine, with rate limits lifted so
    many posts a minute from one person are not refused."""
    environment = {k: v for k, v in os.environ.items() if k not in DEVELOPMENT_ONLY}
    environment |= {
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "COMMENT_RATE_LIMIT_PER_MINUTE": "1000000",
        "LOGIN_FAILURE_LIMIT": "1000",
        "PYTHONPATH": str(ROOT),
    }
    return environment | extra


def postgres_server_url() -> str:
    """An administrative connection to the PostgreSQL server the suite may use."""
    if os.environ.get("COLLOQUY_POSTGRES_URL"):
        return os.environ["COLLOQUY_POSTGRES_URL"]
    suite_database = os.environ.get("DATABASE_URL", "")
    if suite_database.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(suite_database)._replace(path="/postgres"))
    return DEFAULT_POSTGRES_URL


def postgres_unreachable_reason(server_url: str) -> str:
    """Why PostgreSQL cannot be used, or "" when it can."""
    import psycopg

    try:
        psycopg.connect(server_url, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL at {server_url} is not reachable: {str(error).strip()}"
    return ""


@dataclass
class ScratchDatabase:
    """A database of its own, migrated, that subprocesses (commands, gunicorn) share."""

    vendor: str
    environment: dict
    directory: Path
    server_url: str = ""
    name: str = ""

    @classmethod
    def sqlite(cls, directory: Path) -> "ScratchDatabase":
        path = directory / "colloquy.sqlite3"
        environment = production_environment(
            SQLITE_PATH=str(path), STATIC_ROOT=str(directory / "static")
        )
        return cls("sqlite", environment, directory, name=str(path))

    @classmethod
    def postgres(cls, directory: Path, server_url: str, template: str = "") -> "ScratchDatabase":
        import psycopg

        name = f"colloquy_scratch_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"{copy}')
        url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
        environment = production_environment(
            DATABASE_URL=url, STATIC_ROOT=str(directory / "static")
        )
        return cls("postgresql", environment, directory, server_url=server_url, name=name)

    @property
    def url(self) -> str:
        return self.environment.get("DATABASE_URL", "")

    def drop(self) -> None:
        if self.vendor != "postgresql":
            return
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str) -> list[tuple]:
        """Rows straight from the database, without Django in between."""
        if self.vendor == "sqlite":
            import sqlite3

            with contextlib.closing(sqlite3.connect(self.name)) as connection:
                return [tuple(row) for row in connection.execute(sql).fetchall()]
        import psycopg

        with psycopg.connect(self.url) as connection:
            return [tuple(row) for row in connection.execute(sql).fetchall()]

    def table_counts(self) -> dict[str, int]:
        if self.vendor == "sqlite":
            tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        tables = sorted(name for (name,) in self.query(tables_sql))
        # Table names come from the database's own catalogue.
        count = "SELECT '{0}', COUNT(*) FROM \"{0}\""
        union = " UNION ALL ".join(count.format(table) for table in tables)
        return dict(self.query(union))

    def manage(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            check=check,
            timeout=300,
        )

    def python(self, code: str):
        """Run code with Django set up against this database; returns the JSON it prints last.

        Passwords set here use a fast hash, as in the rest of the suite: the server cannot
        check them, so people created here sign in through SESSION_CODE's sessions."""
        script = FAST_SETUP + code
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=self.environment | {"DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if result.returncode != 0:
            raise AssertionError(f"Script failed:\n{result.stdout}\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def migrate(self) -> "ScratchDatabase":
        self.manage("migrate", "--no-input", "-v0")
        return self


class ServerProcess:
    """A server in a subprocess on a free loopback port, its output kept in a log file that
    failures quote; it stops when the block ends. Subclasses name the command and say when
    the server answers."""

    name: str
    log_name: str
    command: list[str]
    directory: Path
    environment: dict
    start_within = 30  # seconds
    stop_within = 10  # seconds before a server that ignores SIGTERM is killed

    def __init__(self, *, log: Path | None = None):
        self.port = free_port()
        self.log_path = log or Path(tempfile.mkstemp(prefix=f"{self.log_name}-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        raise NotImplementedError

    def __enter__(self):
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.directory,
            env=self.environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + self.start_within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.__exit__(None, None, None)
                raise RuntimeError(f"{self.name} exited at start:\n{self.log()}")
            with contextlib.suppress(OSError):
                if self.answers():
                    return self
            time.sleep(0.1)
        self.__exit__(None, None, None)
        raise RuntimeError(
            f"{self.name} did not answer within {self.start_within} s:\n{self.log()}"
        )

    def __exit__(self, *exc_info) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.stop_within)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class Gunicorn(ServerProcess):
    """gunicorn with gunicorn.conf.py on a free loopback port; stops when the block ends."""

    name = log_name = "gunicorn"
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    directory = ROOT
    start_within = 60
    stop_within = 30  # its workers finish the requests they hold first

    def __init__(self, environment: dict, *, workers: int | None = None, log: Path | None = None):
        super().__init__(log=log)
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.environment = environment | {
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        if workers:
            self.environment["GUNICORN_WORKERS"] = str(workers)

    def answers(self) -> bool:
        return Visitor(self.base_url).get("/accounts/login/").status == 200


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Visitor:
    """One person's browser: keeps cookies, sends the headers our TLS proxy would add, and
    takes the CSRF token from the last page it saw. Not thread-safe: one per thread."""

    base_url: str
    cookies: dict = field(default_factory=dict)
    csrf_token: str = ""
    timeout: float = 60

    def __post_init__(self):
        parts = urlsplit(self.base_url)
        self.host, self.port = parts.hostname, parts.port
        # The browser talks to the proxy over https; the proxy tells gunicorn so.
        self.origin = f"https://{parts.netloc}"

    @classmethod
    def signed_in(cls, base_url: str, session_key: str) -> "Visitor":
        return cls(base_url, cookies={"sessionid": session_key})

    def get(self, path: str, *, htmx: bool = False) -> Response:
        return self.request("GET", path, htmx=htmx)

    def post(self, path: str, data: dict, *, htmx: bool = False) -> Response:
        data = data | {"csrfmiddlewaretoken": self.csrf_token}
        return self.request("POST", path, data=data, htmx=htmx)

    def request(
        self, method: str, path: str, *, data=None, htmx: bool = False, headers=None
    ) -> Response:
        extra_headers = headers or {}
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Encoding": "identity",
            "User-Agent": "colloquy-live-test",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers |= {"HX-Request": "true", "HX-Current-URL": self.origin + path}
        headers |= extra_headers
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            # Python 3.13's cookie parser gives up on the whole header at `Partitioned`.
            cookie.load(header.replace("; Partitioned", ""))
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        found = CSRF_INPUT.search(content)
        if found:
            self.csrf_token = found.group(1).decode()
        elif not self.csrf_token and "csrftoken" in self.cookies:
            self.csrf_token = self.cookies["csrftoken"]
        return Response(raw.status, dict(raw.headers.items()), content, seconds)

    def log_in(self, username: str, password: str) -> Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password})


FAST_SETUP = """
import django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""

# Sessions go where the server keeps them (SESSION_ENGINE: the database, or a cache).
SESSION_CODE = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
"""


class MigratedTemplates:
    """Each vendor's database is migrated once per test run and copied for each test, and
    static files are collected once: the production servers need the manifest."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.static_root = directory / "static"
        self.sqlite_template: Path | None = None
        self.postgres_template: ScratchDatabase | None = None
        self.collected = False

    def sqlite(self, directory: Path) -> ScratchDatabase:
        if self.sqlite_template is None:
            template = ScratchDatabase.sqlite(self.directory / "sqlite-template")
            template.directory.mkdir()
            template.manage("migrate", "--no-input", "-v0")
            self.sqlite_template = Path(template.name)
        database = ScratchDatabase.sqlite(directory)
        shutil.copyfile(self.sqlite_template, database.name)
        return self._with_static(database)

    def postgres(self, directory: Path, server_url: str) -> ScratchDatabase:
        if self.postgres_template is None:
            self.postgres_template = ScratchDatabase.postgres(self.directory, server_url)
            self.postgres_template.manage("migrate", "--no-input", "-v0")
        database = ScratchDatabase.postgres(
            directory, server_url, template=self.postgres_template.name
        )
        return self._with_static(database)

    def _with_static(self, database: ScratchDatabase) -> ScratchDatabase:
        database.environment["STATIC_ROOT"] = str(self.static_root)
        if not self.collected:
            database.manage("collectstatic", "--no-input", "-v0")
            self.collected = True
        return database

    def drop(self) -> None:
        if self.postgres_template is not None:
            self.postgres_template.drop()


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory):
    templates = MigratedTemplates(tmp_path_factory.mktemp("templates"))
    try:
        yield templates
    finally:
        templates.drop()


@pytest.fixture
def scratch_database(request, tmp_path, migrated_templates):
    """A fresh, migrated database of the vendor named by the test's parameter, for servers
    and commands in subprocesses."""
    if request.param == "sqlite":
        database = migrated_templates.sqlite(tmp_path)
    else:
        server_url = postgres_server_url()
        reason = postgres_unreachable_reason(server_url)
        if reason:
            if os.environ.get("COLLOQUY_REQUIRE_POSTGRES") == "1":
                pytest.fail(reason + " COLLOQUY_REQUIRE_POSTGRES=1 is set, so this is an error.")
            pytest.skip(reason)
        database = migrated_templates.postgres(tmp_path, server_url)
    try:
        yield database
    finally:
        database.drop()


# The PostgreSQL case is marked `postgres`, so `make test-fast` can leave out what needs a server.
BOTH_DATABASES = pytest.mark.parametrize(
    "scratch_database",
    ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    indirect=True,
)


def run_threads(count: int, work) -> list:
    """Run work(index) in count threads at once; returns results, re-raises the first error."""
    results: list = [None] * count
    errors: list = []
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work(index)
        except BaseException as error:  # reported to the caller below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


OIDC_PROVIDER_DIR = ROOT / "tests" / "oidc_provider"
SSO_CLIENT_ID = "colloquy-tests"
SSO_CLIENT_SECRET = "a-client-secret-for-the-test-issuer-only"
# The accounts the test issuer knows; its sign-in page takes the `sub` as the login.
SSO_ACCOUNTS = [
    {"sub": sub, "email": email, "email_verified": verified, "name": name}
    for sub, email, verified, name in [
        ("amara-okafor", "amara@school.example", True, "Amara Okafor"),
        ("maria-lopez", "Maria@school.example", True, "Maria López"),
        ("eve-marsh", "eve@elsewhere.example", True, "Eve Marsh"),
        ("lee-park", "lee@school.example", False, "Lee Park"),
    ]
]


class OpenIDProvider(ServerProcess):
    """panva's oidc-provider (tests/oidc_provider/server.mjs) under Node on a free loopback
    port, with one client whose redirect URI is `redirect_uri`; stops when the block ends."""

    name = "The OpenID provider"
    log_name = "oidc-provider"
    command = ["node", "server.mjs"]
    directory = OIDC_PROVIDER_DIR

    def __init__(self, redirect_uri: str, accounts: list[dict]):
        super().__init__()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.environment = os.environ | {
            "PORT": str(self.port),
            "CLIENT_ID": SSO_CLIENT_ID,
            "CLIENT_SECRET": SSO_CLIENT_SECRET,
            "REDIRECT_URI": redirect_uri,
            "ACCOUNTS": json.dumps(accounts),
        }

    def __enter__(self) -> "OpenIDProvider":
        if not (OIDC_PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
            pytest.fail(
                "The test OpenID provider is not installed: run `make test`, or "
                "`npm ci --prefix tests/oidc_provider`."
            )
        return super().__enter__()

    def answers(self) -> bool:
        discovery = urlsplit(self.issuer + "/.well-known/openid-configuration")
        connection = http.client.HTTPConnection(discovery.hostname, discovery.port)
        connection.request("GET", discovery.path)
        return connection.getresponse().status == 200


@pytest.fixture(scope="session")
def openid_provider(live_server):
    """One issuer for the run, registered with the live server's callback address."""
    with OpenIDProvider(live_server.url + "/accounts/sso/callback/", SSO_ACCOUNTS) as provider:
        yield provider


@pytest.fixture
def school_sign_in(openid_provider, settings) -> OpenIDProvider:
    """School sign-in turned on against the test issuer, as the SSO_* variables would."""
    settings.SSO_ISSUER = openid_provider.issuer
    settings.SSO_CLIENT_ID = SSO_CLIENT_ID
    settings.SSO_CLIENT_SECRET = SSO_CLIENT_SECRET
    settings.SSO_NAME = "Harbour School"
    settings.SSO_ALLOWED_DOMAIN = ""
    return openid_provider
