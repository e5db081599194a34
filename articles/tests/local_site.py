"""A tiny web site on 127.0.0.1 for the URL import tests: pages, redirects, errors, slow and
oversized answers."""

import time
from http.server import BaseHTTPRequestHandler

ARTICLE = (
    b"<!doctype html><html lang='en'><head><title>Local Article</title></head><body><article>"
    b"<h1>Local Article</h1>"
    + b"".join(
        b"<p>Paragraph %d is long enough to count as the text of a real article page.</p>" % n
        for n in range(1, 7)
    )
    + b"</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def send(self, status, content_type, body=b"", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send(302, "text/html", headers=[("Location", location)])

    def do_GET(self):
        Handler.requests.append(f"{self.headers['Host']}{self.path}")
        routes = {
            "/article": lambda: self.send(200, "text/html; charset=utf-8", ARTICLE),
            "/notes.txt": lambda: self.send(200, "text/plain", b"Title Line\n\n" + b"Text. " * 20),
            "/missing": lambda: self.send(404, "text/html", b"<h1>Not found</h1>"),
            "/private": lambda: self.send(403, "text/html", b"<h1>Forbidden</h1>"),
            "/broken": lambda: self.send(500, "text/html", b"<h1>Oops</h1>"),
            "/photo": lambda: self.send(200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/untyped": lambda: self.send(200, "application/octet-stream", b"\x00\x01"),
            "/redirect": lambda: self.redirect("/article"),
            "/loop": lambda: self.redirect("/loop"),
            "/to-metadata": lambda: self.redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-private": lambda: self.redirect("http://10.0.0.5/admin"),
            "/to-intranet": lambda: self.redirect("http://intranet.example/"),
            "/to-ftp": lambda: self.redirect("ftp://news.example/file"),
            "/declared-huge": self.declared_huge,
            "/streamed-huge": self.streamed_huge,
            "/slow": self.slow,
        }
        routes.get(self.path, lambda: self.send(404, "text/plain", b"no route"))()

    def declared_huge(self):
        self.send(200, "text/html", b"<p>", headers=[("Content-Length", str(50 * 1024 * 1024))])

    def streamed_huge(self):
        # No Content-Length: the size only shows while reading.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        try:
            for _ in range(200):  # about 13 MB
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def slow(self):
        time.sleep(1.5)
        self.send(200, "text/html", ARTICLE)
