"""Who a school sign-in is: the account its (issuer, `sub`) identity belongs to, a new account
for a new person, or a local account with the same e-mail that must prove its password first."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from classroom.accounts.services import identity_account_create
from classroom.lti.models import Identity
from classroom.models import User

from .issuer import school_sign_in_name


class SignInRefused(Exception):
    """The issuer vouched for the person, but Colloquy does not let them in; the message says
    why, in words for them."""


@dataclass(frozen=True)
class PendingLink:
    """A school identity waiting to be linked to the local account with its e-mail address,
    kept in the session until that account's password is proved."""

    issuer: str
    subject: str
    user_id: int

    def as_session(self) -> dict:
        return asdict(self)


class AccountLinkNeeded(Exception):
    def __init__(self, pending: PendingLink):
        super().__init__("The local account with this e-mail must prove its password.")
        self.pending = pending


def email_domain_allowed(claims: dict) -> bool:
    """SSO_ALLOWED_DOMAIN admits only addresses the issuer says it verified, in that domain
    exactly (a subdomain is another school)."""
    domain = settings.SSO_ALLOWED_DOMAIN
    if not domain:
        return True
    email = claims.get("email")
    verified = claims.get("email_verified") in (True, "true")
    return isinstance(email, str) and verified and email.lower().rpartition("@")[2] == domain


def ensure_may_sign_in(user: User) -> None:
    if not user.is_active:
        raise SignInRefused(
            _("This Colloquy account is switched off. Ask your school's Colloquy administrator.")
        )


def account_for_school_sign_in(*, issuer: str, claims: dict) -> User:
    """The account `claims` (from the id_token and userinfo, `sub` verified) stand for: found by
    (issuer, `sub`), never by e-mail alone. Raises SignInRefused, or AccountLinkNeeded when a
    local account already has the address."""
    if not email_domain_allowed(claims):
        raise SignInRefused(
            _("Only verified %(domain)s addresses can sign in with %(name)s here.")
            % {"domain": "@" + settings.SSO_ALLOWED_DOMAIN, "name": school_sign_in_name()}
        )
    identity = (
        Identity.objects.select_related("user").filter(issuer=issuer, subject=claims["sub"]).first()
    )
    if identity is not None:
        ensure_may_sign_in(identity.user)
        return identity.user
    email = claims.get("email") or ""
    same_email = User.objects.filter(email__iexact=email).order_by("pk").first() if email else None
    if same_email is not None:
        ensure_may_sign_in(same_email)
        raise AccountLinkNeeded(
            PendingLink(issuer=issuer, subject=claims["sub"], user_id=same_email.pk)
        )
    return identity_account_create(issuer=issuer, subject=claims["sub"], details=claims)


def identity_link(*, user: User, pending: PendingLink) -> Identity:
    """Link a school identity to the account whose password was just proved."""
    if user.pk != pending.user_id:
        raise ValueError("The identity belongs to the account whose password was proved.")
    identity, _created = Identity.objects.get_or_create(
        issuer=pending.issuer, subject=pending.subject, defaults={"user": user}
    )
    return identity
