"""When a browser keeps no cookies inside the LMS's frame (the launch then proved itself
through the platform's storage), the signed-in session cannot live there either: a short-lived,
single-use link carries the sign-in to a tab of Colloquy's own."""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.navigation import is_on_this_site
from classroom.models import User

from .models import UsedNonce
from .refusals import LaunchRefused

OWN_TAB_SALT = "colloquy.lti.own-tab"
# Long enough to press the button, short enough that a link seen later is worth nothing.
OWN_TAB_LIFETIME = timedelta(minutes=5)


def own_tab_token(*, user: User, destination: str) -> str:
    return signing.dumps(
        {"user": user.pk, "to": destination, "once": secrets.token_urlsafe(16)},
        salt=OWN_TAB_SALT,
    )


def own_tab_use(request, token: str) -> tuple[User, str]:
    """The person and the page a link names, once; LaunchRefused for a link that is altered,
    expired or already used, or whose person may no longer sign in."""
    try:
        carried = signing.loads(token, salt=OWN_TAB_SALT, max_age=OWN_TAB_LIFETIME.total_seconds())
    except signing.SignatureExpired:
        raise LaunchRefused(
            _("This link to Colloquy has expired. Open Colloquy from your course again.")
        ) from None
    except signing.BadSignature:
        raise LaunchRefused(_("This link to Colloquy is not one Colloquy made.")) from None
    user = User.objects.filter(pk=carried["user"], is_active=True).first()
    if user is None or not is_on_this_site(request, carried["to"]):
        raise LaunchRefused(_("This link to Colloquy is not one Colloquy made."))
    try:
        with transaction.atomic():
            UsedNonce.objects.create(
                value=f"own-tab-{carried['once']}",
                expires_at=timezone.now() + OWN_TAB_LIFETIME,
            )
    except IntegrityError:
        raise LaunchRefused(
            _("This link to Colloquy was already used. Open Colloquy from your course again.")
        ) from None
    return user, carried["to"]
