"""The one-click unsubscribe link in every daily e-mail (RFC 8058): a signed token naming the
person, good for half a year, that turns their daily e-mail off without logging in."""

from django.core import signing

from classroom.models import User

SALT = "discussions.notifications.unsubscribe"
# Long enough for an old e-mail in an inbox to still work.
MAX_AGE = 180 * 24 * 3600


class BadUnsubscribeLink(Exception):
    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=SALT, compress=False)


def unsubscriber(token: str) -> User:
    """The person a token names; BadUnsubscribeLink if it is forged, expired or theirs no more."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise BadUnsubscribeLink(expired=True) from None
    except signing.BadSignature:
        raise BadUnsubscribeLink(expired=False) from None
    user = User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None
    if user is None:
        raise BadUnsubscribeLink(expired=False)
    return user


def daily_email_stop(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(email_digest=False)
