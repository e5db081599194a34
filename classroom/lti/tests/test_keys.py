"""Colloquy's signing keys: made on first use, published without their private part, rotated
with the old key still published, retired once nothing it signed can be in flight."""

from datetime import timedelta
from io import StringIO

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from classroom.lti.keys import public_jwks, sign_jwt, signing_key
from classroom.lti.models import ToolKey

pytestmark = pytest.mark.django_db

CLAIMS = {"iss": "colloquy", "aud": "https://lms.example", "sub": "registration"}


def verify(token: str, key_set: dict) -> dict:
    """What a platform does: pick the published key by the token's kid, check the signature."""
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWKSet.from_dict(key_set)[kid]
    return jwt.decode(token, key, algorithms=["RS256"], audience=CLAIMS["aud"])


def kids(key_set: dict) -> list[str]:
    return sorted(key["kid"] for key in key_set["keys"])


def test_the_first_signature_makes_a_2048_bit_key():
    assert not ToolKey.objects.exists()
    token = sign_jwt(CLAIMS)
    key = ToolKey.objects.get()
    private = serialization.load_pem_private_key(key.private_key_pem.encode(), password=None)
    assert private.key_size == 2048
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": key.kid, "typ": "JWT"}
    assert verify(token, public_jwks()) == CLAIMS
    assert signing_key() == key


def test_the_key_set_publishes_public_keys_only(client):
    key = signing_key()
    response = client.get(reverse("lti:jwks"))
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    [published] = response.json()["keys"]
    assert set(published) == {"kty", "n", "e", "kid", "alg", "use"}
    assert (published["kty"], published["alg"], published["use"]) == ("RSA", "RS256", "sig")
    assert published["kid"] == key.kid
    assert "PRIVATE" not in response.content.decode()


def test_a_rotation_keeps_the_old_key_published_until_it_is_retired():
    before = sign_jwt(CLAIMS)
    old = signing_key()

    call_command("rotate_lti_keys", stdout=StringIO())

    new = signing_key()
    assert new != old
    assert kids(public_jwks()) == sorted([old.kid, new.kid])
    assert verify(before, public_jwks()) == CLAIMS
    after = sign_jwt(CLAIMS)
    assert jwt.get_unverified_header(after)["kid"] == new.kid

    # A week on, the new key has signed long enough for nothing of the old one to be in flight.
    ToolKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    ToolKey.objects.filter(pk=new.pk).update(created_at=timezone.now() - timedelta(days=8))
    call_command("rotate_lti_keys", "--retire-older-than", "7", "--retire-only", stdout=StringIO())

    assert kids(public_jwks()) == [new.kid]
    with pytest.raises(KeyError):
        verify(before, public_jwks())
    assert verify(after, public_jwks()) == CLAIMS
    old.refresh_from_db()
    assert old.retired_at is not None


def test_a_key_replaced_only_recently_stays_published():
    old = signing_key()
    call_command("rotate_lti_keys", "--retire-older-than", "7", stdout=StringIO())
    assert len(public_jwks()["keys"]) == 2
    old.refresh_from_db()
    assert old.retired_at is None


def test_the_newest_key_is_never_retired():
    key = signing_key()
    ToolKey.objects.filter(pk=key.pk).update(created_at=timezone.now() - timedelta(days=400))
    call_command("rotate_lti_keys", "--retire-older-than", "0", "--retire-only", stdout=StringIO())
    assert kids(public_jwks()) == [key.kid]
