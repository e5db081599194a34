"""Dynamic Registration over real HTTP both ways: the test LMS starts it, a person's browser
confirms it, and the LMS receives a registration it accepts."""

import http.server
import socket
import threading

import pytest
from django.core import mail
from django.urls import reverse

from classroom.lti.models import Deployment, Platform
from classroom.lti.registration import issuer_matches
from classroom.lti.tool_configuration import SERVICE_SCOPES
from tests.factories import UserFactory
from tests.lti_platform import Browser

pytestmark = pytest.mark.django_db(transaction=True)

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"


def register_address(live_server) -> str:
    return live_server.url + reverse("lti:register")


def nothing_stored() -> bool:
    return not Platform.objects.exists() and not Deployment.objects.exists()


def test_a_platform_registers_colloquy_and_waits_for_a_site_admin(live_server, new_lms):
    UserFactory(username="root", email="root@school.example", is_superuser=True)
    UserFactory(username="teacher", email="teacher@school.example")
    browser = Browser()
    form = browser.open_form(new_lms.registration_start_url(register_address(live_server)))
    done = browser.submit(form)

    assert done.status_code == 200, done.text[:500]
    assert "Registered. A Colloquy site administrator must confirm test-lms" in done.text
    assert "js/lti-registered.js" in done.text
    [sent] = new_lms.received.registrations
    assert sent["initiate_login_uri"] == live_server.url + "/lti/login/"
    assert sent["redirect_uris"] == [live_server.url + "/lti/launch/"]
    assert sent["jwks_uri"] == live_server.url + "/lti/jwks.json"
    assert sent["client_name"] == "Colloquy"
    assert sent["logo_uri"].startswith(live_server.url + "/static/")
    assert sent["application_type"] == "web"
    assert sent["response_types"] == ["id_token"]
    assert sent["grant_types"] == ["implicit", "client_credentials"]
    assert sorted(sent["scope"].split()) == sorted(SERVICE_SCOPES)
    tool = sent[TOOL_CONFIGURATION]
    assert tool["domain"] == live_server.url.removeprefix("http://")
    assert tool["target_link_uri"] == live_server.url + "/"
    assert tool["claims"] == ["iss", "sub", "name", "given_name", "family_name", "email"]
    assert [message["type"] for message in tool["messages"]] == [
        "LtiResourceLinkRequest",
        "LtiDeepLinkingRequest",
    ]
    assert "placements" not in tool["messages"][1]  # this LMS names none

    platform = Platform.objects.get()
    assert (platform.issuer, platform.client_id) == (new_lms.issuer, new_lms.client_id)
    assert platform.source == Platform.Source.DYNAMIC
    # The site admins hear of it, with where to confirm it; nobody else does.
    [told] = mail.outbox
    assert told.to == ["root@school.example"]
    assert told.subject.startswith("test-lms (127.0.0.1:")
    assert f"{live_server.url}/admin/classroom/platform/{platform.pk}/change/" in told.body
    assert not platform.is_confirmed
    assert platform.product == "test-lms"
    assert platform.authorization_url == new_lms.endpoint("/auth")
    assert platform.token_url == new_lms.endpoint("/token")
    assert platform.jwks_url == new_lms.endpoint("/jwks")
    assert list(platform.deployments.values_list("deployment_id", flat=True)) == [
        new_lms.deployment_id
    ]


def test_the_registration_asks_only_for_scopes_and_placements_the_platform_offers(
    live_server, new_lms
):
    nrps = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
    new_lms.configuration_changes = {
        "scopes_supported": ["openid", nrps],
        "authorization_server": new_lms.endpoint("/oauth2"),
        "https://purl.imsglobal.org/spec/lti-platform-configuration": {
            "product_family_code": "canvas",
            "messages_supported": [
                {"type": "LtiResourceLinkRequest", "placements": ["course_navigation"]},
                {
                    "type": "LtiDeepLinkingRequest",
                    "placements": ["assignment_selection", "link_selection", "homework"],
                },
            ],
        },
    }
    browser = Browser()
    browser.submit(browser.open_form(new_lms.registration_start_url(register_address(live_server))))

    [sent] = new_lms.received.registrations
    assert sent["scope"] == nrps
    deep_linking = sent[TOOL_CONFIGURATION]["messages"][1]
    assert deep_linking["placements"] == ["link_selection", "assignment_selection"]
    platform = Platform.objects.get()
    assert platform.product == "canvas"
    assert platform.token_audience == new_lms.endpoint("/oauth2")


def refusal(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text[:500]
    assert "Colloquy could not be registered" in response.text
    assert words in response.text.replace("&#x27;", "'")
    assert nothing_stored()
    assert "Nothing was saved." in response.text


def test_without_a_configuration_address_nothing_happens(live_server):
    response = Browser().session.get(register_address(live_server), timeout=10)
    refusal(response, 400, "needs the LMS's openid_configuration address")


def test_an_unreachable_configuration_is_refused(live_server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    url = f"http://127.0.0.1:{closed}/.well-known/openid-configuration"
    response = Browser().session.get(
        register_address(live_server), params={"openid_configuration": url}, timeout=10
    )
    refusal(response, 400, f"Colloquy could not reach {url}")


class NotJson(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html>Maintenance until noon</html>"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_configuration_that_is_not_json_is_refused(live_server):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotJson)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration"
        response = Browser().session.get(
            register_address(live_server), params={"openid_configuration": url}, timeout=10
        )
    finally:
        server.shutdown()
        server.server_close()
    refusal(response, 400, "The LMS's configuration is not valid JSON.")


def test_a_configuration_naming_another_issuer_is_refused(live_server, new_lms):
    new_lms.configuration_changes = {"issuer": "https://lms.example.org"}
    response = Browser().session.get(
        new_lms.registration_start_url(register_address(live_server)), timeout=10
    )
    refusal(response, 400, "names the issuer https://lms.example.org")


def test_a_configuration_missing_an_endpoint_is_refused(live_server, new_lms):
    new_lms.configuration_changes = {"registration_endpoint": None}
    response = Browser().session.get(
        new_lms.registration_start_url(register_address(live_server)), timeout=10
    )
    refusal(response, 400, "does not name registration_endpoint")


def test_a_platform_refusing_the_registration_leaves_nothing(live_server, new_lms):
    browser = Browser()
    form = browser.open_form(new_lms.registration_start_url(register_address(live_server)))
    new_lms.registration_token = "a token the LMS no longer accepts"
    response = browser.submit(form)
    refusal(response, 400, "refused the registration (HTTP 401)")
    assert new_lms.received.registrations == []


def test_registering_the_same_client_twice_is_refused(live_server, new_lms):
    start = new_lms.registration_start_url(register_address(live_server))
    browser = Browser()
    browser.submit(browser.open_form(start))
    first = Platform.objects.get()
    response = browser.submit(browser.open_form(start))
    assert response.status_code == 409
    assert "already registered with Colloquy under the client id" in response.text
    assert list(Platform.objects.all()) == [first]
    assert Deployment.objects.count() == 1


def test_an_altered_confirmation_is_refused(live_server, new_lms):
    browser = Browser()
    form = browser.open_form(new_lms.registration_start_url(register_address(live_server)))
    response = browser.submit(form, registration=form.fields["registration"] + "x")
    refusal(response, 400, "This registration page has expired.")
    assert new_lms.received.registrations == []


def test_platforms_on_private_addresses_are_refused_in_production(live_server, new_lms, settings):
    settings.LTI_ALLOW_PRIVATE_PLATFORMS = False
    response = Browser().session.get(
        new_lms.registration_start_url(register_address(live_server)), timeout=10
    )
    refusal(response, 400, "it points to a loopback address")


def test_an_lms_may_show_the_registration_in_a_frame(live_server, new_lms):
    response = Browser().session.get(
        new_lms.registration_start_url(register_address(live_server)), timeout=10
    )
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("issuer", "url", "matches"),
    [
        ("https://lms.example", "https://lms.example/.well-known/openid-configuration", True),
        ("https://lms.example/", "https://lms.example/api/openid?token=1", True),
        ("https://lms.example", "https://lms.example.org/.well-known/openid-configuration", False),
        ("https://lms.example/a", "https://lms.example/ab/openid", False),
        ("", "https://lms.example/", False),
    ],
)
def test_the_issuer_must_begin_the_configuration_address(issuer, url, matches):
    assert issuer_matches(issuer, url) is matches
