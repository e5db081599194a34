"""The configuration a Canvas admin pastes or links when adding Colloquy as a developer key."""

import pytest
from django.urls import reverse

from classroom.lti.tool_configuration import SERVICE_SCOPES

pytestmark = pytest.mark.django_db


def test_canvas_configuration_names_colloquys_addresses_and_placements(client, settings):
    settings.ALLOWED_HOSTS = ["colloquy.school.example"]
    response = client.get(
        reverse("lti:canvas-config"), HTTP_HOST="colloquy.school.example", secure=True
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    config = response.json()
    site = "https://colloquy.school.example"
    assert config["title"] == "Colloquy"
    assert config["description"]
    assert config["oidc_initiation_url"] == site + "/lti/login/"
    assert config["target_link_uri"] == site + "/"
    assert config["public_jwk_url"] == site + "/lti/jwks.json"
    assert config["scopes"] == list(SERVICE_SCOPES)
    assert config["custom_fields"] == {}
    [canvas] = config["extensions"]
    assert canvas["platform"] == "canvas.instructure.com"
    assert canvas["privacy_level"] == "public"
    assert canvas["domain"] == "colloquy.school.example"
    placements = {p["placement"]: p for p in canvas["settings"]["placements"]}
    assert set(placements) == {"link_selection", "assignment_selection", "course_navigation"}
    for name in ("link_selection", "assignment_selection"):
        assert placements[name]["message_type"] == "LtiDeepLinkingRequest"
        assert placements[name]["target_link_uri"] == site + "/lti/launch/"
    assert placements["course_navigation"]["message_type"] == "LtiResourceLinkRequest"
