"""Access tokens for a platform's services (grades, rosters): the OAuth 2 client-credentials
grant with a JWT client assertion signed by Colloquy's key, each token reused until near its end."""

import hashlib
import time
import uuid

import requests
from django.core.cache import cache
from django.utils.translation import gettext as _

from .keys import sign_jwt
from .models import Platform

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 5 * 60
TIMEOUT = (5, 20)  # seconds to connect, seconds between bytes
# A token is not reused in its last minute, so a request made with it does not arrive expired.
EXPIRY_MARGIN = 60


class ServiceTokenRefused(Exception):
    """The platform did not give Colloquy a token (refused, unreachable or unreadable)."""


def _cache_key(platform: Platform, scopes: list[str]) -> str:
    # A site admin changing the client or the token URL must not be handed the old token.
    asked = " ".join([platform.client_id, platform.token_url, *scopes])
    return f"lti:service-token:{platform.pk}:{hashlib.sha256(asked.encode()).hexdigest()}"


def client_assertion(platform: Platform) -> str:
    now = int(time.time())
    return sign_jwt(
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.token_audience or platform.token_url,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
            "jti": uuid.uuid4().hex,
        }
    )


def access_token(platform: Platform, scopes) -> str:
    """A bearer token for `scopes` at `platform`, from the cache while it is still good."""
    scopes = sorted(set(scopes))
    key = _cache_key(platform, scopes)
    token = cache.get(key)
    if token:
        return token
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": client_assertion(platform),
        "scope": " ".join(scopes),
    }
    try:
        answer = requests.post(
            platform.token_url, data=form, headers={"Accept": "application/json"}, timeout=TIMEOUT
        )
    except requests.RequestException as error:
        raise ServiceTokenRefused(
            _("Colloquy could not reach %(platform)s's token endpoint %(url)s: %(error)s")
            % {"platform": platform, "url": platform.token_url, "error": error}
        ) from error
    try:
        body = answer.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    token = body.get("access_token")
    if answer.status_code != 200 or not isinstance(token, str) or not token:
        reason = " — ".join(
            str(part) for part in (body.get("error"), body.get("error_description")) if part
        )
        raise ServiceTokenRefused(
            _("%(platform)s refused a service token (HTTP %(status)d): %(reason)s")
            % {
                "platform": platform,
                "status": answer.status_code,
                "reason": reason or _("no access token in the answer"),
            }
        )
    try:
        lifetime = int(body.get("expires_in", 3600))
    except (TypeError, ValueError):
        lifetime = 3600
    if lifetime > EXPIRY_MARGIN:
        cache.set(key, token, lifetime - EXPIRY_MARGIN)
    return token
