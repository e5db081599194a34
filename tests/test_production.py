"""Production settings as a server runs them: mail from EMAIL_URL, whitenoise's hashed static
files through gunicorn, and SQLite's WAL, busy timeout and IMMEDIATE transactions."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.mail_url import mailer_from_url
from tests.live import Gunicorn, Visitor

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://colloquy%40school.example:p%40ss%3Aw0rd@mail.school.example",
            {"host": "mail.school.example", "port": 587, "use_tls": True, "use_ssl": False},
        ),
        ("submission://mail.example", {"port": 587, "use_tls": True, "username": ""}),
        ("smtps://u:p@mail.example", {"port": 465, "use_ssl": True, "use_tls": False}),
        ("smtp://relay.internal", {"port": 25, "use_tls": False, "use_ssl": False}),
        ("smtp://relay.internal:2525?tls=1&timeout=3", {"port": 2525, "use_tls": True}),
        ("smtp://relay.internal?tls=yes", {"port": 587, "use_tls": True, "timeout": 10}),
        ("smtp://relay.internal?timeout=3", {"timeout": 3}),
    ],
)
def test_email_url_becomes_an_smtp_mailer(url, expected):
    mailer = mailer_from_url(url)
    assert mailer["BACKEND"] == SMTP
    assert mailer["OPTIONS"].items() >= expected.items()


def test_email_url_user_and_password_are_percent_decoded():
    options = mailer_from_url("smtp+tls://colloquy%40school.example:p%40ss%3Aw0rd@mx.example")[
        "OPTIONS"
    ]
    assert (options["username"], options["password"]) == ("colloquy@school.example", "p@ss:w0rd")


def test_email_url_for_development_backends():
    assert mailer_from_url("console://")["BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.example", "must start with one of"),
        ("smtp://", "has no host"),
        ("smtps://mail.example?tls=1", "pick one"),
        ("smtp://mail.example:port", "bad port"),
    ],
)
def test_a_wrong_email_url_stops_the_start_with_a_clear_message(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        mailer_from_url(url)


SETTINGS_AS_SERVED = """
import json
from django.conf import settings
from django.core import mail

sender = mail.mailers["default"]
print(json.dumps({
    "middleware": settings.MIDDLEWARE[:3],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "csrf_trusted": settings.CSRF_TRUSTED_ORIGINS,
    "mail": [sender.host, sender.port, sender.username, sender.password, sender.use_tls],
}))
"""


@pytest.mark.parametrize("scratch_database", ["sqlite"], indirect=True)
def test_production_reads_email_url_and_trusted_origins_and_serves_static_files(
    scratch_database,
):
    scratch_database.environment |= {
        "EMAIL_URL": "smtp+tls://digest%40school.example:s3cret%21@smtp.school.example",
        "CSRF_TRUSTED_ORIGINS": "https://colloquy.school.example,https://school.example",
    }
    served = scratch_database.python(SETTINGS_AS_SERVED)
    assert served["middleware"] == [
        "django.middleware.security.SecurityMiddleware",
        "config.headers.ResponseHeadersMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert served["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert served["csrf_trusted"] == ["https://colloquy.school.example", "https://school.example"]
    assert served["mail"] == ["smtp.school.example", 587, "digest@school.example", "s3cret!", True]


@pytest.mark.parametrize("scratch_database", ["sqlite"], indirect=True)
def test_gunicorn_serves_hashed_compressed_static_files_through_whitenoise(scratch_database):
    with Gunicorn(scratch_database.environment, workers=1) as server:
        visitor = Visitor(server.base_url)
        page = visitor.get("/accounts/login/")
        assert page.status == 200
        assets = re.findall(r'/static/[^"]+\.[0-9a-f]{12}\.(?:css|js)', page.text)
        assert any(asset.startswith("/static/css/colloquy.") for asset in assets), page.text
        assert any("htmx" in asset for asset in assets), page.text
        for asset in assets:
            plain = visitor.get(asset)
            assert plain.status == 200, asset
            assert "immutable" in plain.headers["Cache-Control"]
            assert "max-age=315360000" in plain.headers["Cache-Control"]
            compressed = visitor.request("GET", asset, headers={"Accept-Encoding": "gzip"})
            assert compressed.headers.get("Content-Encoding") == "gzip", asset
            assert len(compressed.body) < len(plain.body)
        # Files that are not part of the collected set are not served.
        assert visitor.get("/static/css/not-there.css").status == 404


WAL_AND_IMMEDIATE = """
import json, sqlite3
from django.db import connection, transaction

with connection.cursor() as cursor:
    pragmas = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "synchronous")
    }
# IMMEDIATE takes the write lock when the transaction begins, before any write, so two
# requests can never both read and then deadlock upgrading to write ("database is locked").
other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
with transaction.atomic():
    connection.cursor().execute("SELECT 1")
    try:
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
        writer_blocked = False
    except sqlite3.OperationalError as error:
        writer_blocked = "locked" in str(error)
print(json.dumps(pragmas | {"writer_blocked": writer_blocked}))
"""


@pytest.mark.parametrize("scratch_database", ["sqlite"], indirect=True)
def test_sqlite_file_database_runs_in_wal_with_busy_timeout_and_immediate_writes(
    scratch_database,
):
    found = scratch_database.python(WAL_AND_IMMEDIATE)
    assert found["journal_mode"] == "wal"
    assert found["busy_timeout"] == 20_000
    assert found["synchronous"] == 1  # NORMAL: safe with WAL, one fsync per checkpoint
    assert found["writer_blocked"]
