"""Service tokens from the test LMS's token endpoint, which checks Colloquy's client assertion
against Colloquy's published key set over HTTP."""

import pytest
from django.urls import reverse

from classroom.lti.models import Platform
from classroom.lti.service_tokens import ServiceTokenRefused, access_token
from classroom.lti.tool_configuration import AGS_SCOPES, NRPS_SCOPE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def platform(live_server, new_lms):
    new_lms.connect_tool(
        login_url=live_server.url + reverse("lti:login"),
        launch_url=live_server.url + reverse("lti:launch"),
        jwks_url=live_server.url + reverse("lti:jwks"),
    )
    return Platform.objects.create(**new_lms.registration_fields)


def test_a_token_is_issued_for_the_scopes_asked(platform, new_lms):
    token = access_token(platform, [NRPS_SCOPE])

    assert new_lms.token_allows(f"Bearer {token}", NRPS_SCOPE)
    assert not new_lms.token_allows(f"Bearer {token}", AGS_SCOPES[2])
    [request] = new_lms.received.token_requests
    assert request["grant_type"] == "client_credentials"
    assert request["scope"] == NRPS_SCOPE


def test_the_token_is_reused_until_it_nears_its_end(platform, new_lms):
    first = access_token(platform, [AGS_SCOPES[2], AGS_SCOPES[0]])
    again = access_token(platform, [AGS_SCOPES[0], AGS_SCOPES[2]])

    assert again == first
    assert len(new_lms.received.token_requests) == 1
    other_scopes = access_token(platform, [NRPS_SCOPE])
    assert other_scopes != first
    assert len(new_lms.received.token_requests) == 2


def test_a_refused_assertion_is_a_clear_error(platform, new_lms):
    platform.client_id = "a client the LMS never issued"
    platform.save()

    with pytest.raises(ServiceTokenRefused) as refused:
        access_token(platform, [NRPS_SCOPE])

    assert "refused a service token (HTTP 401): invalid_client" in str(refused.value)
    assert str(platform) in str(refused.value)


def test_an_unreachable_token_endpoint_is_a_clear_error(platform):
    platform.token_url = "http://127.0.0.1:9/token"
    platform.save()

    with pytest.raises(ServiceTokenRefused) as refused:
        access_token(platform, [NRPS_SCOPE])

    assert "could not reach" in str(refused.value)
