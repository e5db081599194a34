"""What Colloquy tells a platform about itself: its addresses, the services it asks for and the
claims and messages it takes; Dynamic Registration and the Canvas configuration both say it."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
AGS_SCOPES = (
    LINEITEM_SCOPE,
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    SCORE_SCOPE,
)
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
# Grades go back to the LMS gradebook (AGS); rosters come from it (NRPS).
SERVICE_SCOPES = (*AGS_SCOPES, NRPS_SCOPE)
# Who the person is, so a first launch can make their account with a name people recognise.
CLAIMS = ("iss", "sub", "name", "given_name", "family_name", "email")
RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINKING = "LtiDeepLinkingRequest"
TOOL_NAME = "Colloquy"


def tool_description() -> str:
    return _(
        "Paragraph-by-paragraph discussion of readings: students comment beside the text, "
        "and participation scores go to the gradebook."
    )


def deep_linking_label() -> str:
    return _("Add a Colloquy reading")


@dataclass(frozen=True)
class ToolAddresses:
    """Colloquy's absolute addresses as the platform must call them."""

    site: str
    login: str
    launch: str
    jwks: str
    logo: str

    @classmethod
    def for_request(cls, request: HttpRequest) -> "ToolAddresses":
        absolute = request.build_absolute_uri
        return cls(
            site=absolute("/"),
            login=absolute(reverse("lti:login")),
            launch=absolute(reverse("lti:launch")),
            jwks=absolute(reverse("lti:jwks")),
            logo=absolute(static("img/favicon.svg")),
        )

    @property
    def domain(self) -> str:
        return urlsplit(self.site).netloc


def canvas_configuration(tool: ToolAddresses) -> dict:
    """The JSON a Canvas admin pastes (or links) when adding Colloquy as an LTI developer key:
    teachers add readings from modules and assignments, and the course menu opens Colloquy."""
    placements = [
        {
            "placement": placement,
            "message_type": DEEP_LINKING,
            "target_link_uri": tool.launch,
            "text": deep_linking_label(),
            "icon_url": tool.logo,
        }
        for placement in ("link_selection", "assignment_selection")
    ]
    placements.append(
        {
            "placement": "course_navigation",
            "message_type": RESOURCE_LINK,
            "target_link_uri": tool.site,
            "text": TOOL_NAME,
            "icon_url": tool.logo,
        }
    )
    return {
        "title": TOOL_NAME,
        "description": tool_description(),
        "oidc_initiation_url": tool.login,
        "target_link_uri": tool.site,
        "public_jwk_url": tool.jwks,
        "scopes": list(SERVICE_SCOPES),
        "extensions": [
            {
                "platform": "canvas.instructure.com",
                "domain": tool.domain,
                "privacy_level": "public",
                "settings": {"text": TOOL_NAME, "icon_url": tool.logo, "placements": placements},
            }
        ],
        "custom_fields": {},
    }
