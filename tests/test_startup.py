"""A server process loads at startup what its first request would otherwise wait for."""

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


def test_the_first_request_imports_nothing(tmp_path):
    environment = os.environ | {
        "DEBUG": "1",
        "ALLOWED_HOSTS": "localhost",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    status, imported = done.stdout.splitlines()
    assert status == "200 OK"
    assert imported == ""
