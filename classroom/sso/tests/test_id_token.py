"""The id_token checks Colloquy adds to mozilla-django-oidc's signature check: the right
algorithm, audience, issuer and expiry, with tokens signed here by a key of our own."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation

from classroom.sso.backend import SchoolSignInBackend
from tests.live import SSO_CLIENT_ID, SSO_CLIENT_SECRET

SIGNING_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def id_token(issuer: str, **changes) -> str:
    now = int(time.time())
    claims = {"iss": issuer, "aud": SSO_CLIENT_ID, "sub": "amara-okafor", "iat": now}
    claims |= {"exp": now + 300, "nonce": "n-0S6_WzA2Mj"}
    claims = {name: value for name, value in (claims | changes).items() if value is not None}
    return jwt.encode(claims, SIGNING_KEY, algorithm="RS256")


def test_a_token_from_the_issuer_for_this_client_is_read(school_sign_in):
    claims = SchoolSignInBackend().get_payload_data(
        id_token(school_sign_in.issuer), SIGNING_KEY.public_key()
    )
    assert claims["sub"] == "amara-okafor"


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-school-app"},
        {"iss": "https://accounts.example"},
        {"exp": int(time.time()) - 600},
        {"exp": None},
        {"sub": None},
    ],
    ids=["audience", "issuer", "expired", "no-expiry", "no-subject"],
)
def test_a_token_for_someone_else_or_out_of_date_is_refused(school_sign_in, changes):
    with pytest.raises(SuspiciousOperation):
        SchoolSignInBackend().get_payload_data(
            id_token(school_sign_in.issuer, **changes), SIGNING_KEY.public_key()
        )


def test_a_token_signed_by_another_key_is_refused(school_sign_in):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SuspiciousOperation):
        SchoolSignInBackend().get_payload_data(
            id_token(school_sign_in.issuer), other_key.public_key()
        )


def test_a_token_signed_with_the_client_secret_is_refused(school_sign_in):
    # The library's default algorithm, HS256, would trust anything signed with the secret.
    claims = {"iss": school_sign_in.issuer, "aud": SSO_CLIENT_ID, "sub": "amara-okafor"}
    forged = jwt.encode(claims, SSO_CLIENT_SECRET, algorithm="HS256")
    with pytest.raises(SuspiciousOperation):
        SchoolSignInBackend().get_payload_data(forged, SIGNING_KEY.public_key())
