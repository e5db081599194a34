"""Safe URL fetching. Nothing here reaches the internet: host names go through a fake resolver,
and every page is served by a small HTTP server on 127.0.0.1."""

import time

import pytest
from django.core.exceptions import ValidationError

from articles import fetching
from articles.importing import load_source

from .local_site import ARTICLE, Handler

PUBLIC_ADDRESS = "93.184.216.34"  # stands in for a public site; never actually contacted


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch):
    """Names resolve from this table only; an unknown name fails as DNS would."""
    table = {
        "news.example": [PUBLIC_ADDRESS],
        "intranet.example": ["10.20.30.40"],
        "router.example": ["192.168.1.1"],
        "sneaky.example": [PUBLIC_ADDRESS, "127.0.0.1"],
        "v6-loopback.example": ["::1"],
        "mapped.example": ["::ffff:10.0.0.1"],
    }

    def resolve(host, port):
        if host not in table:
            raise ValidationError(f"The address {host} could not be found.")
        return table[host]

    monkeypatch.setattr(fetching, "resolve_host", resolve)
    return table


@pytest.fixture
def public_site(monkeypatch, server):
    """news.example passes every check as a public address, and its connection is quietly
    routed to the local server, so redirects to private places can be tested with the
    development setting off."""
    real_pool = fetching._pool
    port = int(server.rsplit(":", 1)[1])

    def routed(scheme, host, _port, address, timeout):
        assert address == PUBLIC_ADDRESS, "connections go to the address that was checked"
        return real_pool("http", host, port, "127.0.0.1", timeout)

    monkeypatch.setattr(fetching, "_pool", routed)
    return "http://news.example"


def refusal(url) -> str:
    with pytest.raises(ValidationError) as raised:
        fetching.fetch_url(url)
    return " ".join(raised.value.messages)


@pytest.mark.parametrize(
    "url",
    ["ftp://news.example/a", "file:///etc/passwd", "gopher://news.example/", "data:text/html,hi"],
)
def test_only_http_and_https_are_fetched(url):
    assert "Only http:// and https://" in refusal(url)


def test_addresses_with_credentials_are_refused():
    assert "user name or password" in refusal("http://user:secret@news.example/")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://127.8.9.10:8000/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://[fd12:3456::1]/", "private"),
        ("http://169.254.10.20/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "not on the public internet"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[fd00:ec2::254]/", "metadata"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
    ],
)
def test_non_public_addresses_are_refused(url, reason):
    assert reason in refusal(url)


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("intranet.example", "private"),
        ("router.example", "private"),
        ("sneaky.example", "loopback"),  # one bad answer among good ones is enough
        ("v6-loopback.example", "loopback"),
        ("mapped.example", "private"),
    ],
)
def test_names_are_checked_after_dns_resolution(host, reason):
    assert reason in refusal(f"https://{host}/story")


def test_unknown_names_get_a_clear_message():
    assert "could not be found" in refusal("http://no-such-host.example/")


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/", "http://[fd00:ec2::254]/"],
)  # fmt: skip
def test_metadata_stays_refused_even_when_private_addresses_are_allowed(allow_private, url):
    assert "metadata" in refusal(url)


def test_the_local_server_is_refused_without_the_development_setting(server):
    assert "loopback" in refusal(f"{server}/article")
    assert Handler.requests == []


def test_a_page_is_fetched_with_its_type(allow_private, server):
    page = fetching.fetch_url(f"{server}/article")
    assert page.content_type == "text/html"
    assert page.data == ARTICLE
    assert page.url == f"{server}/article"


def test_redirects_are_followed_and_the_final_address_kept(allow_private, server):
    page = fetching.fetch_url(f"{server}/redirect")
    assert page.url == f"{server}/article"
    assert page.data == ARTICLE


def test_a_redirect_loop_stops(allow_private, server):
    assert "redirected more than 5 times" in refusal(f"{server}/loop")
    assert len(Handler.requests) == fetching.MAX_REDIRECTS + 1


def test_a_redirect_to_the_metadata_address_is_refused(allow_private, server):
    assert "metadata" in refusal(f"{server}/to-metadata")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-private", "private"),
        ("/to-intranet", "private"),
        ("/to-metadata", "metadata"),
        ("/to-ftp", "Only http:// and https://"),
    ],
)
def test_every_redirect_is_checked_again(public_site, path, reason):
    assert reason in refusal(f"{public_site}{path}")
    assert Handler.requests == [f"news.example{path}"]


def test_a_public_site_is_fetched_by_its_checked_address_with_its_own_host_name(public_site):
    page = fetching.fetch_url(f"{public_site}/article")
    assert page.data == ARTICLE
    assert Handler.requests == ["news.example/article"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "not found (HTTP 404)"),
        ("/private", "refused access"),
        ("/broken", "error (HTTP 500)"),
        ("/photo", "serves image/png, not a web page"),
        ("/untyped", "serves application/octet-stream"),
    ],
)
def test_error_statuses_and_wrong_types_get_clear_messages(allow_private, server, path, message):
    assert message in refusal(f"{server}{path}")


def test_a_declared_size_over_the_cap_is_refused_before_reading(allow_private, server):
    assert "larger than 10 MB" in refusal(f"{server}/declared-huge")


def test_a_body_that_grows_past_the_cap_while_streaming_is_refused(allow_private, server):
    assert "larger than 10 MB" in refusal(f"{server}/streamed-huge")


def test_a_slow_site_times_out(allow_private, server, monkeypatch):
    monkeypatch.setattr(fetching, "TOTAL_TIMEOUT", 0.5)
    started = time.monotonic()
    assert "took longer than 0.5 seconds" in refusal(f"{server}/slow")
    assert time.monotonic() - started < 1.4


def test_load_source_fetches_urls_and_keeps_the_final_address(allow_private, server):
    source = load_source(f"{server}/redirect")
    assert source.url == f"{server}/article"
    assert source.content_type == "text/html"


def test_a_text_file_url_is_accepted(allow_private, server):
    assert fetching.fetch_url(f"{server}/notes.txt").content_type == "text/plain"


def test_a_request_on_a_platforms_word_goes_to_the_address_that_was_checked(
    fake_dns, public_site, monkeypatch
):
    """An LMS's configuration address resolves to a public address when checked; a second
    DNS answer naming a private one is never asked for, let alone connected to."""
    answers = iter([[PUBLIC_ADDRESS], ["10.20.30.40"]])
    monkeypatch.setattr(fetching, "resolve_host", lambda host, port: next(answers))

    response = fetching.pinned_request(
        "GET", public_site + "/article", headers={}, timeout=5, private_allowed=False
    )

    assert response.status == 200
    response.release_conn()
    assert next(answers) == ["10.20.30.40"], "the host was resolved once"


def test_a_request_on_a_platforms_word_to_a_private_address_is_refused(fake_dns):
    with pytest.raises(ValidationError, match="private network"):
        fetching.pinned_request(
            "GET", "http://intranet.example/", headers={}, timeout=5, private_allowed=False
        )
