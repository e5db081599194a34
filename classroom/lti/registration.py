"""LTI Dynamic Registration 1.0: read a platform's OpenID configuration, send it Colloquy's
registration, and keep the platform it answers for, unconfirmed until a site admin confirms it."""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.fetching import pinned_request, public_addresses
from classroom.mailing import messages_send
from classroom.models import User

from .models import Deployment, Platform
from .tool_configuration import (
    CLAIMS,
    DEEP_LINKING,
    RESOURCE_LINK,
    SERVICE_SCOPES,
    TOOL_NAME,
    ToolAddresses,
    deep_linking_label,
    tool_description,
)

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
# Seconds the platform may take between bytes (connecting gets articles.fetching's 5 s).
READ_TIMEOUT = 15
MAX_ANSWER_BYTES = 1024 * 1024
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint")
# Where teachers add content, by the names platforms give their placements (IMS, Canvas).
DEEP_LINKING_PLACEMENTS = ("ContentArea", "link_selection", "assignment_selection")
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class PlatformConfiguration:
    """What a platform's OpenID configuration says, once checked."""

    url: str
    issuer: str
    authorization_url: str
    token_url: str
    token_audience: str
    jwks_url: str
    registration_url: str
    scopes_supported: tuple[str, ...]
    product: str
    messages_supported: tuple[dict, ...]

    @property
    def name(self) -> str:
        """How site admins and the person registering see the platform."""
        host = urlsplit(self.issuer).netloc
        return f"{self.product} ({host})"[:200] if self.product else host[:200]

    def placements_for(self, message_type: str) -> list[str]:
        offered = next(
            (
                message.get("placements") or []
                for message in self.messages_supported
                if message.get("type") == message_type
            ),
            [],
        )
        return [placement for placement in DEEP_LINKING_PLACEMENTS if placement in offered]


def ensure_reachable(url: str) -> None:
    """An address Colloquy may call on a platform's word: http(s), and on the public internet
    unless LTI_ALLOW_PRIVATE_PLATFORMS (development and tests) says otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            _("%(url)s is not an http:// or https:// address.") % {"url": url or "''"}
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError(_("%(url)s has an invalid port.") % {"url": url}) from error
    public_addresses(
        parts.hostname.rstrip(".").lower(),
        port,
        private_allowed=settings.LTI_ALLOW_PRIVATE_PLATFORMS,
    )


def issuer_matches(issuer: str, url: str) -> bool:
    """The spec's check that the configuration comes from the issuer it names: its URL starts
    with the issuer, up to a path boundary (https://lms.example is not https://lms.example.org)."""
    base = issuer.rstrip("/")
    return bool(base) and (url == base or url.startswith((base + "/", base + "?")))


def _read_json(answer: urllib3.BaseHTTPResponse, *, what: str) -> dict:
    received = bytearray()
    for chunk in answer.stream(64 * 1024):
        received.extend(chunk)
        if len(received) > MAX_ANSWER_BYTES:
            raise ValidationError(_("%(what)s is too large.") % {"what": what})
    try:
        document = json.loads(received)
    except ValueError as error:
        raise ValidationError(_("%(what)s is not valid JSON.") % {"what": what}) from error
    if not isinstance(document, dict):
        raise ValidationError(_("%(what)s is not a JSON object.") % {"what": what})
    return document


def _first_bytes(answer: urllib3.BaseHTTPResponse) -> str:
    """The start of a refusal, enough to say why."""
    return answer.read(300).decode("utf-8", errors="replace").strip()


def _bearer(registration_token: str) -> dict:
    return {"Authorization": f"Bearer {registration_token}"} if registration_token else {}


def _call(
    method: str, url: str, *, headers: dict, json_body: dict | None = None
) -> urllib3.BaseHTTPResponse:
    """One request to the platform, no redirects, to the very address that was checked."""
    ensure_reachable(url)
    body = None
    if json_body is not None:
        body = json.dumps(json_body).encode()
        headers = headers | {"Content-Type": "application/json"}
    try:
        return pinned_request(
            method,
            url,
            headers=headers,
            body=body,
            timeout=READ_TIMEOUT,
            private_allowed=settings.LTI_ALLOW_PRIVATE_PLATFORMS,
        )
    except urllib3.exceptions.NewConnectionError as error:  # urllib3 files it under timeouts
        raise ValidationError(_("Colloquy could not reach %(url)s.") % {"url": url}) from error
    except urllib3.exceptions.TimeoutError as error:
        raise ValidationError(
            _("%(url)s did not answer in time. Try again later.") % {"url": url}
        ) from error
    except urllib3.exceptions.HTTPError as error:
        raise ValidationError(_("Colloquy could not reach %(url)s.") % {"url": url}) from error


def platform_configuration_fetch(*, url: str, registration_token: str) -> PlatformConfiguration:
    """The platform's OpenID configuration, checked: JSON, every endpoint Colloquy needs, each
    endpoint reachable, and the issuer a prefix of the configuration's own URL."""
    if not url:
        raise ValidationError(
            _(
                "This address starts a Dynamic Registration from an LMS: it needs the LMS's "
                "openid_configuration address. Start the registration from your LMS."
            )
        )
    with _call(
        "GET", url, headers={"Accept": "application/json"} | _bearer(registration_token)
    ) as answer:
        if answer.status != 200:
            raise ValidationError(
                _("The LMS's configuration at %(url)s answered HTTP %(status)d.")
                % {"url": url, "status": answer.status}
            )
        document = _read_json(answer, what=_("The LMS's configuration"))
    issuer = document.get("issuer")
    missing = [name for name in ("issuer", *ENDPOINTS) if not isinstance(document.get(name), str)]
    if missing:
        raise ValidationError(
            _("The LMS's configuration does not name %(fields)s.") % {"fields": ", ".join(missing)}
        )
    if not issuer_matches(issuer, url):
        raise ValidationError(
            _(
                "The LMS's configuration names the issuer %(issuer)s, but it was read from "
                "%(url)s, which does not start with it."
            )
            % {"issuer": issuer, "url": url}
        )
    for name in ENDPOINTS:
        ensure_reachable(document[name])
    platform = document.get(PLATFORM_CONFIGURATION)
    platform = platform if isinstance(platform, dict) else {}
    scopes = document.get("scopes_supported")
    messages = platform.get("messages_supported")
    return PlatformConfiguration(
        url=url,
        issuer=issuer,
        authorization_url=document["authorization_endpoint"],
        token_url=document["token_endpoint"],
        token_audience=str(document.get("authorization_server") or ""),
        jwks_url=document["jwks_uri"],
        registration_url=document["registration_endpoint"],
        scopes_supported=tuple(s for s in scopes if isinstance(s, str))
        if isinstance(scopes, list)
        else (),
        product=str(platform.get("product_family_code") or ""),
        messages_supported=tuple(m for m in messages if isinstance(m, dict))
        if isinstance(messages, list)
        else (),
    )


def registration_request(*, configuration: PlatformConfiguration, tool: ToolAddresses) -> dict:
    """The client registration Colloquy sends (LTI Dynamic Registration 1.0, section 3.5)."""
    deep_linking = {
        "type": DEEP_LINKING,
        "target_link_uri": tool.launch,
        "label": deep_linking_label(),
    }
    placements = configuration.placements_for(DEEP_LINKING)
    if placements:
        deep_linking["placements"] = placements
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": tool.login,
        "redirect_uris": [tool.launch],
        "client_name": TOOL_NAME,
        "jwks_uri": tool.jwks,
        "logo_uri": tool.logo,
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(s for s in SERVICE_SCOPES if s in configuration.scopes_supported),
        TOOL_CONFIGURATION: {
            "domain": tool.domain,
            "target_link_uri": tool.site,
            "description": tool_description(),
            "claims": list(CLAIMS),
            "messages": [{"type": RESOURCE_LINK}, deep_linking],
        },
    }


def platform_register(
    *, configuration: PlatformConfiguration, registration_token: str, tool: ToolAddresses
) -> Platform:
    """Send the registration and keep the platform the answer names, with its deployment.
    Nothing is kept unless the platform accepted and the answer is complete and new."""
    body = registration_request(configuration=configuration, tool=tool)
    headers = {"Accept": "application/json"} | _bearer(registration_token)
    with _call("POST", configuration.registration_url, json_body=body, headers=headers) as answer:
        if answer.status not in (200, 201):
            raise ValidationError(
                _("%(name)s refused the registration (HTTP %(status)d): %(detail)s")
                % {
                    "name": configuration.name,
                    "status": answer.status,
                    "detail": _first_bytes(answer) or _("no reason given"),
                }
            )
        document = _read_json(answer, what=_("The LMS's answer to the registration"))
    client_id = document.get("client_id")
    if not isinstance(client_id, str) or not client_id:
        raise ValidationError(_("The LMS's answer to the registration has no client_id."))
    tool_configuration = document.get(TOOL_CONFIGURATION)
    deployment_id = (
        tool_configuration.get("deployment_id") if isinstance(tool_configuration, dict) else None
    )
    platform = Platform(
        name=configuration.name,
        issuer=configuration.issuer,
        client_id=client_id,
        authorization_url=configuration.authorization_url,
        token_url=configuration.token_url,
        token_audience=configuration.token_audience,
        jwks_url=configuration.jwks_url,
        product=configuration.product[:200],
        source=Platform.Source.DYNAMIC,
    )
    deployment = (
        Deployment(platform=platform, deployment_id=deployment_id)
        if isinstance(deployment_id, str) and deployment_id
        else None
    )
    try:
        # Lengths and URL forms; the uniqueness of the client is the database's to say.
        platform.full_clean(validate_constraints=False)
        if deployment:
            deployment.full_clean(exclude=["platform"], validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(
            _("Colloquy cannot keep what the LMS sent: %(errors)s")
            % {"errors": " ".join(error.messages)}
        ) from error
    try:
        with transaction.atomic():
            platform.save()
            if deployment:
                deployment.platform = platform
                deployment.save()
    except IntegrityError as error:
        raise ValidationError(
            _(
                "%(name)s is already registered with Colloquy under the client id %(client_id)s. "
                "A site administrator can find it in the admin."
            )
            % {"name": configuration.name, "client_id": client_id},
            code=DUPLICATE,
        ) from error
    return platform


def site_admins_tell(*, platform: Platform, confirm_url: str) -> list[EmailMessage]:
    """E-mail every site admin that an LMS registered itself and waits for them; returns the
    messages the mail server did not take."""
    admins = User.objects.filter(is_superuser=True, is_active=True).exclude(email="")
    messages = []
    for admin in admins:
        with translation.override(admin.language or None):
            messages.append(
                EmailMessage(
                    subject=_("%(name)s registered Colloquy and waits for you")
                    % {"name": platform.name},
                    body=_(
                        "%(name)s (%(issuer)s) registered Colloquy as an LTI tool. Its "
                        "launches are refused until a site administrator confirms it:\n\n"
                        "%(url)s\n\nIf nobody at your school expected this, leave it "
                        "unconfirmed or delete it."
                    )
                    % {"name": platform.name, "issuer": platform.issuer, "url": confirm_url},
                    to=[admin.email],
                )
            )
    return messages_send(messages)


def platforms_confirm(*, platforms, confirmed_by) -> int:
    """A site admin vouches for platforms: their launches are accepted from now on. Platforms
    already confirmed keep who confirmed them and when."""
    return platforms.filter(confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirmed_by=confirmed_by
    )
