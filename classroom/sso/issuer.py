"""The school's OpenID issuer: whether signing in with it is on, what the button calls it, and
its endpoints, read from its discovery document when first needed and then kept a day."""

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

DISCOVERY_PATH = "/.well-known/openid-configuration"
DISCOVERY_KEPT_SECONDS = 24 * 60 * 60
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


class SignInUnavailable(Exception):
    """The issuer cannot be reached or does not describe itself properly; the person can only
    try again later or use their password."""


def school_sign_in_enabled() -> bool:
    # Settings refuse to start with only some of the three, so the issuer alone decides.
    return bool(settings.SSO_ISSUER)


def school_sign_in_name() -> str:
    return settings.SSO_NAME or _("your school account")


def issuer_configuration() -> dict:
    """The issuer's discovery document. Fetched on the first sign-in, not at start-up, so a
    slow or absent issuer never keeps Colloquy (or password log-ins) from working."""
    issuer = settings.SSO_ISSUER
    key = f"sso-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        document = fetch_issuer_configuration(issuer)
        cache.set(key, document, DISCOVERY_KEPT_SECONDS)
    return document


def fetch_issuer_configuration(issuer: str) -> dict:
    unavailable = _("%(name)s can't be reached just now. Try again in a few minutes.") % {
        "name": school_sign_in_name()
    }
    try:
        response = requests.get(issuer + DISCOVERY_PATH, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInUnavailable(unavailable) from error
    # OpenID Connect Discovery: the document must name the very issuer it was fetched for,
    # which is also the `iss` every id_token must carry.
    if (
        not isinstance(document, dict)
        or document.get("issuer", "").rstrip("/") != issuer
        or not all(isinstance(document.get(name), str) for name in ENDPOINTS)
    ):
        raise SignInUnavailable(unavailable)
    return document


def issuer_endpoint(name: str) -> str:
    return issuer_configuration()[name]
