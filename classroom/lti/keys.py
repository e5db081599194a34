"""Colloquy's signing keys: the newest key not retired signs, every key not retired is published,
so a platform holding a token signed just before a rotation still finds its `kid`."""

import uuid
from datetime import timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db.models import Exists, OuterRef
from django.utils import timezone
from jwt.algorithms import RSAAlgorithm

from .models import ToolKey

KEY_BITS = 2048
ALGORITHM = "RS256"


def key_add() -> ToolKey:
    """A new RSA key, which signs from now on."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    # The model's default kid is a UUID object until the row is read back; a header needs text.
    return ToolKey.objects.create(kid=str(uuid.uuid4()), private_key_pem=pem.decode("ascii"))


def published_keys():
    return ToolKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-pk")


def signing_key() -> ToolKey:
    """The newest key not retired; the first one is made on first use."""
    return published_keys().first() or key_add()


def public_jwk(key: ToolKey) -> dict:
    private_key = serialization.load_pem_private_key(key.private_key_pem.encode(), password=None)
    public = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    return {
        "kty": public["kty"],
        "n": public["n"],
        "e": public["e"],
        "kid": key.kid,
        "alg": ALGORITHM,
        "use": "sig",
    }


def public_jwks() -> dict:
    """The key set platforms verify Colloquy's messages with (never a private part)."""
    return {"keys": [public_jwk(key) for key in published_keys()]}


def sign_jwt(claims: dict) -> str:
    """Claims signed with the signing key, its `kid` in the header: deep-linking answers and
    the client assertions of service-token requests."""
    key = signing_key()
    return jwt.encode(
        claims, key.private_key_pem, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": "JWT"}
    )


def keys_retire_replaced(*, before: timedelta) -> list[ToolKey]:
    """Retire every key that a newer key replaced more than `before` ago: by then nothing
    signed with it is still in flight. The newest key is never retired (nothing replaced it)."""
    now = timezone.now()
    replaced_long_ago = ToolKey.objects.filter(
        created_at__gt=OuterRef("created_at"), created_at__lte=now - before
    )
    retiring = list(published_keys().filter(Exists(replaced_long_ago)))
    ToolKey.objects.filter(pk__in=[key.pk for key in retiring]).update(retired_at=now)
    return retiring
