"""The authentication backend for a school sign-in coming back: mozilla-django-oidc exchanges the
code and checks the id_token's signature and nonce; this adds the audience, issuer and expiry
checks and finds the person by (issuer, `sub`)."""

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .issuer import issuer_configuration, issuer_endpoint, school_sign_in_enabled
from .services import account_for_school_sign_in


class SchoolSignInBackend(OIDCAuthenticationBackend):
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        # Django builds every listed backend for each password log-in and permission check;
        # the issuer's endpoints are looked up only when a school sign-in comes back.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: issuer_endpoint("token_endpoint"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: issuer_endpoint("userinfo_endpoint"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: issuer_endpoint("jwks_uri"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.SSO_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.SSO_CLIENT_SECRET)

    # Sessions are looked up like password ones: a switched-off account is signed out.
    get_user = ModelBackend.get_user

    def authenticate(self, request, nonce=None, code_verifier=None, **credentials):
        # Only the callback passes a nonce; a password log-in (even one whose address happens
        # to carry ?code=&state=) never reaches the issuer.
        if request is None or nonce is None or credentials or not school_sign_in_enabled():
            return None
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def get_payload_data(self, token, key):
        """The id_token's claims, once its RS256 signature, audience (this client), issuer
        and expiry check out; the library checks the signature only."""
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=settings.SSO_CLIENT_ID,
                issuer=issuer_configuration()["issuer"],
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The id_token was refused: {error}") from error

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: userinfo about anyone but the id_token's subject is void.
        if claims.get("sub") != payload["sub"]:
            raise SuspiciousOperation("The userinfo is about another person than the id_token.")
        return account_for_school_sign_in(issuer=payload["iss"], claims=payload | claims)
