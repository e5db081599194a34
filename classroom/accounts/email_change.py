"""Changing one's e-mail address, confirmed by a link sent to the new address.

The link carries a signed, expiring token naming the account, the new address and the address
it replaces, so it dies once the address has changed in any way. Nothing changes until the
link is opened and confirmed; the old address is told that a change was asked for."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from classroom.models import User

SALT = "classroom.accounts.email-change"
MAX_AGE_SECONDS = 2 * 24 * 60 * 60


@dataclass(frozen=True)
class EmailChange:
    user_id: int
    new: str
    old: str


def ensure_address_free(address: str, *, user: User) -> None:
    if User.objects.filter(email__iexact=address).exclude(pk=user.pk).exists():
        raise ValidationError(_("Another account already uses that address. Choose another."))


def email_change_token(user: User, new: str) -> str:
    return signing.dumps({"u": user.pk, "new": new, "old": user.email}, salt=SALT)


def read_email_change_token(token: str) -> EmailChange:
    """What the token asks for; ValidationError with a reason for a tampered or old link."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        expired = _("This link has expired. Ask for a new one in account settings.")
        raise ValidationError(expired) from None
    except signing.BadSignature:
        invalid = _("This link is not valid. Copy the whole link from the e-mail.")
        raise ValidationError(invalid) from None
    return EmailChange(user_id=data["u"], new=data["new"], old=data["old"])


def email_change_request(*, user: User, new: str) -> None:
    """Send the confirmation link to the new address and a heads-up to the old one."""
    ensure_address_free(new, user=user)
    path = reverse("email_change_confirm", args=[email_change_token(user, new)])
    send_mail(
        _("Confirm your new e-mail address for Colloquy"),
        _(
            "Open this link within two days to use this address for your Colloquy account "
            "(%(username)s):\n\n%(link)s\n\nIf you did not ask for this, ignore this e-mail."
        )
        % {"username": user.username, "link": f"{settings.SITE_URL}{path}"},
        None,
        [new],
    )
    if user.email:
        send_mail(
            _("Your Colloquy e-mail address may change"),
            _(
                "Someone signed in as %(username)s asked to change this account's e-mail "
                "address to %(new)s. Nothing changes until a link sent there is opened. If "
                "it was not you, change your password."
            )
            % {"username": user.username, "new": new},
            None,
            [user.email],
        )


def ensure_change_applies(user: User, change: EmailChange) -> None:
    """The link is this account's, its address has not changed since, and the new one is
    still free; ValidationError with the reason otherwise."""
    if change.user_id != user.pk:
        raise ValidationError(_("This link is for another account."))
    if user.email != change.old:
        raise ValidationError(_("This link is no longer valid: the address changed since."))
    ensure_address_free(change.new, user=user)


@transaction.atomic
def email_change_apply(*, user: User, change: EmailChange) -> User:
    """Use the new address, if `ensure_change_applies` allows it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    ensure_change_applies(user, change)
    user.email = change.new
    user.save(update_fields=["email"])
    return user
