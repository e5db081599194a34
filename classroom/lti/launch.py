"""Checking a launch: the platform's id_token against its key set, the claims LTI 1.3 requires,
and the signed state the login began. Nothing here writes; `Launch` is what passed."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

import jwt
from django.utils.translation import gettext as _

from classroom.models import Role

from .login import LoginState
from .models import Deployment, Platform, UsedNonce
from .refusals import LaunchRefused
from .roles import course_role

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/"
DEEP_LINKING_SETTINGS = DEEP_LINKING + "deep_linking_settings"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
# Clocks on the platform and here may differ this much, in seconds.
CLOCK_LEEWAY = 60
KEY_SET_TIMEOUT = 10

# One client per key set, kept for the process: PyJWKClient caches the keys and refetches
# them once when a token names a kid it has not seen (the platform rotated its key).
_key_sets: dict[str, jwt.PyJWKClient] = {}


def platform_key_set(platform: Platform) -> jwt.PyJWKClient:
    if platform.jwks_url not in _key_sets:
        _key_sets[platform.jwks_url] = jwt.PyJWKClient(
            platform.jwks_url, cache_keys=True, timeout=KEY_SET_TIMEOUT
        )
    return _key_sets[platform.jwks_url]


@dataclass(frozen=True)
class Launch:
    """A launch that passed every check."""

    platform: Platform
    deployment: Deployment
    claims: dict

    @property
    def message_type(self) -> str:
        return self.claims[LTI + "message_type"]

    @property
    def is_deep_linking(self) -> bool:
        return self.message_type == DEEP_LINKING_REQUEST

    @property
    def subject(self) -> str:
        return self.claims["sub"]

    @property
    def nonce(self) -> str:
        return self.claims["nonce"]

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.claims["exp"], tz=UTC)

    @property
    def context_id(self) -> str:
        return self.claims[LTI + "context"]["id"]

    @property
    def context_title(self) -> str:
        context = self.claims[LTI + "context"]
        return context.get("title") or context.get("label") or context["id"]

    @cached_property
    def role(self) -> Role:
        return course_role(self.claims[LTI + "roles"])


def launch_validate(*, id_token: str, state: LoginState) -> Launch:
    """The launch, if the id_token is the platform's answer to this login; else LaunchRefused
    naming the first thing wrong."""
    platform = Platform.objects.filter(pk=state.platform, confirmed_at__isnull=False).first()
    if platform is None:
        raise LaunchRefused(
            _("The platform this launch came from is no longer accepted."), status=403
        )
    claims = verified_claims(id_token, platform)
    if claims.get("nonce") != state.nonce:
        raise LaunchRefused(
            _("The launch does not answer this login: its nonce differs from the state's."),
            platform=platform,
        )
    if UsedNonce.objects.filter(value=state.nonce).exists():
        raise LaunchRefused(
            _("This launch was already used. Open Colloquy from your course again."),
            platform=platform,
        )
    deployment = Deployment.objects.filter(
        platform=platform, deployment_id=claims.get(LTI + "deployment_id", "")
    ).first()
    if deployment is None:
        raise LaunchRefused(
            _("Colloquy is not deployed in this part of the platform (unknown deployment %s).")
            % claims.get(LTI + "deployment_id", ""),
            platform=platform,
        )
    check_message(claims, platform)
    launch = Launch(platform=platform, deployment=deployment, claims=claims)
    if launch.is_deep_linking and launch.role == Role.STUDENT:
        raise LaunchRefused(
            _("Only the course's teachers can add Colloquy readings to the course."),
            status=403,
            platform=platform,
        )
    return launch


def verified_claims(id_token: str, platform: Platform) -> dict:
    """The id_token's claims once its signature, issuer, audience and times are checked."""
    try:
        header = jwt.get_unverified_header(id_token)
        issuer = jwt.decode(id_token, options={"verify_signature": False}).get("iss")
    except jwt.InvalidTokenError:
        raise LaunchRefused(
            _("The launch's id_token is not a signed JSON Web Token."), platform=platform
        ) from None
    if issuer != platform.issuer:
        raise LaunchRefused(
            _("The launch was issued by %(issuer)s, not by %(platform)s where it began.")
            % {"issuer": issuer, "platform": platform.issuer},
            platform=platform,
        )
    if header.get("alg") != "RS256" or not header.get("kid"):
        raise LaunchRefused(
            _("The launch's id_token must be signed with RS256 and name its key (kid)."),
            platform=platform,
        )
    try:
        key = platform_key_set(platform).get_signing_key(header["kid"])
    except jwt.PyJWKClientConnectionError:
        raise LaunchRefused(
            _("Colloquy could not fetch the platform's public keys. Try again in a moment."),
            platform=platform,
        ) from None
    except jwt.PyJWKClientError:
        raise LaunchRefused(
            _("The launch was signed with a key the platform does not publish."),
            platform=platform,
        ) from None
    try:
        claims = jwt.decode(
            id_token,
            key,
            algorithms=["RS256"],
            audience=platform.client_id,
            issuer=platform.issuer,
            leeway=CLOCK_LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat"]},
        )
    except jwt.InvalidSignatureError:
        message = _("The launch's signature does not match the platform's key.")
    except jwt.ExpiredSignatureError:
        message = _("The launch has expired. Open Colloquy from your course again.")
    except jwt.ImmatureSignatureError:
        message = _("The launch is dated in the future; the platform's clock may be wrong.")
    except jwt.InvalidAudienceError:
        message = _("The launch was meant for another tool, not for Colloquy.")
    except jwt.MissingRequiredClaimError as error:
        message = _("The launch is missing its %s claim.") % error.claim
    except jwt.InvalidTokenError:
        message = _("The launch's id_token is not valid.")
    else:
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        azp = claims.get("azp")
        if (azp is not None and azp != platform.client_id) or (len(audiences) > 1 and not azp):
            raise LaunchRefused(
                _("The launch does not name Colloquy as its authorized party (azp)."),
                platform=platform,
            )
        return claims
    raise LaunchRefused(message, platform=platform)


def claim_field(claims: dict, claim: str, field: str):
    """One field of an object claim, or None when the claim is absent or not an object."""
    value = claims.get(claim)
    return value.get(field) if isinstance(value, dict) else None


def check_message(claims: dict, platform: Platform) -> None:
    """LTI 1.3.0, a message type Colloquy takes, and the claims that type requires."""
    if claims.get(LTI + "version") != "1.3.0":
        raise LaunchRefused(_("The launch is not LTI version 1.3.0."), platform=platform)
    message_type = claims.get(LTI + "message_type")
    if message_type not in (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST):
        raise LaunchRefused(
            _("Colloquy does not handle %s messages.") % (message_type or "untyped"),
            platform=platform,
        )
    required = {
        "sub": claims.get("sub"),
        "nonce": claims.get("nonce"),
        "roles": claims.get(LTI + "roles"),
        "context": claim_field(claims, LTI + "context", "id"),
    }
    if message_type == RESOURCE_LINK_REQUEST:
        required["resource_link"] = claim_field(claims, LTI + "resource_link", "id")
    else:
        required["deep_linking_settings"] = claim_field(
            claims, DEEP_LINKING_SETTINGS, "deep_link_return_url"
        )
    missing = [name for name, value in required.items() if value in (None, "")]
    if not isinstance(claims.get(LTI + "roles", []), list):
        missing.append("roles")
    if missing:
        raise LaunchRefused(
            _("The launch is missing what Colloquy needs: %s.") % ", ".join(missing),
            platform=platform,
        )


# Launches kept in the session by id, for the pages that follow one (course set-up, choosing
# an assignment, deep linking). A few at most: each LMS frame launches anew.
SESSION_LAUNCHES = "lti_launches"
LAUNCHES_KEPT = 5


def launch_remember(session, launch: Launch, *, new_account: bool) -> str:
    launch_id = secrets.token_urlsafe(12)
    kept = list(session.get(SESSION_LAUNCHES, {}).items())[-(LAUNCHES_KEPT - 1) :]
    session[SESSION_LAUNCHES] = dict(kept) | {
        launch_id: {
            "platform": launch.platform.pk,
            "deployment": launch.deployment.pk,
            "claims": launch.claims,
            "new_account": new_account,
        }
    }
    return launch_id


def remembered_launch(session, launch_id: str) -> Launch | None:
    stored = session.get(SESSION_LAUNCHES, {}).get(launch_id)
    if stored is None:
        return None
    deployment = (
        Deployment.objects.select_related("platform")
        .filter(pk=stored["deployment"], platform__confirmed_at__isnull=False)
        .first()
    )
    if deployment is None:
        return None
    return Launch(platform=deployment.platform, deployment=deployment, claims=stored["claims"])


def launch_started_new_account(session, launch_id: str) -> bool:
    return session.get(SESSION_LAUNCHES, {}).get(launch_id, {}).get("new_account", False)
