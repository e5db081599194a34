"""Fixtures for the import tests: a local web site and the development fetch setting."""

import threading
from http.server import ThreadingHTTPServer

import pytest

from .local_site import Handler


@pytest.fixture
def server():
    """The local site's base URL; fetching it needs ``allow_private`` (or a routed name)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    Handler.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_private(settings):
    settings.READING_FETCH_ALLOW_PRIVATE = True
