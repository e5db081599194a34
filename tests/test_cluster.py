"""The balancer of `make cluster` (tools/cluster.py) sends a POST that reached a dying server
on to the next one only where the form carries a posting key, so no post is stored twice;
GETs always go on. Run against Debian's nginx when it is installed."""

import http.client
import inspect
import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
import uuid

import pytest

from tests.live import free_port
from tests.routes import every_route
from tools import cluster

# The views whose writes go through post_once (discussions/posting_keys.py): the forms of
# tests/test_posting_once.py.
POSTED_ONCE_VIEWS = {
    "discussions:thread_create",
    "discussions:prompt_answer",
    "discussions:comment_reply",
    "discussions:comment_edit",
    "discussions:comment_flag",
    "discussions:note_new",
    "discussions:note_edit",
    "discussions:prompt_new",
    "discussions:prompt_edit",
}
SAMPLE_VALUES = {"slug": "a-course", "id": "7", "int": "7", "str": "token", "path": "a/b"}


def routes():
    """(name, a path it answers, view) for every routed view."""
    for name, route, pattern in every_route():
        path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES[m[1] or "str"], route)
        yield name, "/" + path, pattern.callback


def calls_post_once(function, seen=frozenset()) -> bool:
    """Whether the view, or a function of its own module that it calls, calls post_once."""
    function = inspect.unwrap(function)
    if function in seen:
        return False
    module = inspect.getmodule(function)
    for name in function.__code__.co_names:
        if name == "post_once":
            return True
        helper = getattr(module, name, None)
        if (
            inspect.isfunction(helper)
            and helper.__module__ == module.__name__
            and calls_post_once(helper, seen | {function})
        ):
            return True
    return False


def retry_rules(config: str) -> dict[str, str]:
    """Each location of the generated nginx.conf and its proxy_next_upstream."""
    return dict(re.findall(r'location (/|~ "[^"]+") \{[^}]*?proxy_next_upstream ([^;]+);', config))


def test_the_posting_forms_are_those_whose_views_post_once():
    found = {name for name, _path, view in routes() if calls_post_once(view)}
    assert found == POSTED_ONCE_VIEWS


def test_nginx_passes_on_posts_that_reached_a_server_only_at_the_posting_forms(tmp_path):
    config = cluster.nginx_config(tmp_path, port=8800, server_ports=[8801, 8802])
    assert retry_rules(config) == {
        "/": "error timeout http_502",
        f'~ "{cluster.POSTED_ONCE}"': "error timeout http_502 non_idempotent",
    }
    retried = {name for name, path, _view in routes() if re.search(cluster.POSTED_ONCE, path)}
    assert retried == POSTED_ONCE_VIEWS


class Upstream:
    """A stand-in for a gunicorn server: records each request; the pair's first request is cut
    off unanswered, as a server killed with kill -9 would, and the rest are answered."""

    requests: list[tuple[int, str, str, bytes]]  # port, request line, X-Request-Id, body

    def __init__(self, shared: list, lock: threading.Lock):
        self.requests, self.lock = shared, lock
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                self.answer(connection)

    def answer(self, connection):
        received = b""
        while b"\r\n\r\n" not in received:
            received += connection.recv(65536)
        head, body = received.split(b"\r\n\r\n", 1)
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        while length and len(body) < int(length[1]):
            body += connection.recv(65536)
        request_id = re.search(rb"(?i)\r\nx-request-id: *(\S+)", head)
        with self.lock:
            first = not self.requests
            self.requests.append(
                (
                    self.port,
                    head.split(b"\r\n")[0].decode(),
                    request_id[1].decode() if request_id else "",
                    body,
                )
            )
        if first:
            # Closed with a reset, as the kernel closes a killed process's connections.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        connection.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 7\r\n\r\nwritten")


@pytest.fixture
def balancer(tmp_path):
    """nginx with the cluster's configuration in front of two stand-in servers; yields the
    port it listens on and the requests the servers received."""
    if shutil.which("nginx") is None:
        reason = "nginx is not installed (apt-get install -y nginx)."
        if os.environ.get("COLLOQUY_REQUIRE_NGINX") == "1":
            pytest.fail(reason + " COLLOQUY_REQUIRE_NGINX=1 is set, so this is an error.")
        pytest.skip(reason)
    received, lock = [], threading.Lock()
    servers = [Upstream(received, lock), Upstream(received, lock)]
    port = free_port()
    (tmp_path / "tmp").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(
        cluster.nginx_config(tmp_path, port=port, server_ports=[s.port for s in servers])
    )
    error_log = tmp_path / "error.log"
    nginx = subprocess.Popen(
        ["nginx", "-p", tmp_path, "-c", config, "-e", error_log],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if nginx.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {error_log.read_text()}")
                time.sleep(0.05)
        yield port, received
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for server in servers:
            server.listener.close()


def send(port: int, method: str, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = f"body=A+reply.&posting_key={uuid.uuid4()}" if method == "POST" else None
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    try:
        connection.request(method, path, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_posting_form_cut_off_by_a_dying_server_is_answered_by_the_next(balancer):
    port, received = balancer
    assert send(port, "POST", "/comments/7/reply/") == 201
    # The same request to each server, with the same id: the repeat writes nothing.
    (first_port, *first), (second_port, *second) = received
    assert first_port != second_port
    assert first == second
    assert re.fullmatch("[0-9a-f]{32}", first[1])


def test_any_other_post_cut_off_by_a_dying_server_answers_502(balancer):
    port, received = balancer
    assert send(port, "POST", "/comments/7/withdraw/") == 502
    assert len(received) == 1


def test_a_page_cut_off_by_a_dying_server_is_answered_by_the_next(balancer):
    port, received = balancer
    assert send(port, "GET", "/comments/7/reply/") == 201
    assert len(received) == 2
