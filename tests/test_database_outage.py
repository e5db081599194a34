"""While the database is out of reach (a restart, a failover) every page answers a friendly
503 that asks to retry, wherever in the request the database was first needed; other errors
keep the plain 500 page."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import path

from .factories import UserFactory


@login_not_required
def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


@login_not_required
def connection_closed(request):
    raise InterfaceError("connection already closed")


@login_not_required
def broken(request):
    raise RuntimeError("a bug, not an outage")


urlpatterns = [
    path("gone/", database_gone),
    path("closed/", connection_closed),
    path("broken/", broken),
]
handler500 = "config.errors.server_error"

OUTAGE_MESSAGE = "We could not reach our database just now."


@pytest.fixture
def browser():
    """A client that gets the page a person would, not the exception."""
    return Client(raise_request_exception=False)


def assert_friendly_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert OUTAGE_MESSAGE in page
    assert "send it again in a few seconds" in page
    assert "Traceback" not in page
    assert "5432" not in page


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/gone/", "/closed/"])
def test_a_lost_database_connection_in_a_view_answers_503_asking_to_retry(browser, url):
    assert_friendly_outage_page(browser.get(url))


@pytest.mark.urls(__name__)
def test_any_other_error_keeps_the_plain_500_page(browser):
    response = browser.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert OUTAGE_MESSAGE not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", OUTAGE_MESSAGE), ("es", "No pudimos comunicarnos con nuestra base de datos")],
)
def test_the_database_failing_before_any_view_runs_also_answers_503(browser, language, message):
    # The session is read in middleware, before any view: make that read really fail.
    if connection.vendor != "sqlite":
        pytest.skip("a missing table is an OperationalError on SQLite only")
    browser.force_login(UserFactory())
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_session")
    response = browser.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 503
    assert message in response.content.decode()
    if language == "en":
        assert_friendly_outage_page(response)
