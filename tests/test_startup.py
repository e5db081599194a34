"""A server process loads at startup what its first request would otherwise wait for, and sets
it aside from garbage collection."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Boots as config/wsgi.py does, then serves one request through WSGI and names every module the
# request imported.
FIRST_REQUEST = """
import io, sys
import config.wsgi
loaded = set(sys.modules)
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/accounts/login/", "QUERY_STRING": "",
    "SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": "localhost",
    "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
}
statuses = []
b"".join(config.wsgi.application(environ, lambda status, headers: statuses.append(status)))
print(statuses[0])
print(*sorted(set(sys.modules) - loaded))
"""

# Boots as config/wsgi.py does, then counts the objects set aside and those a full garbage
# collection still walks.
COLLECTED = """
import gc
import config.wsgi
print(gc.get_freeze_count(), len(gc.get_objects()))
"""


def boot(tmp_path, code: str) -> list[str]:
    environment = os.environ | {
        "DEBUG": "1",
        "ALLOWED_HOSTS": "localhost",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines()


def test_the_first_request_imports_nothing(tmp_path):
    status, imported = boot(tmp_path, FIRST_REQUEST)
    assert status == "200 OK"
    assert imported == ""


def test_what_startup_loaded_is_never_walked_by_a_full_collection(tmp_path):
    (counts,) = boot(tmp_path, COLLECTED)
    frozen, walked = map(int, counts.split())
    # Modules, models, URL patterns, templates and translations, set aside once loaded.
    assert frozen > 50_000
    assert walked < 1_000
