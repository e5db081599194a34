"""Writes on a person's notices: a moderator's decision told to them, and marking read."""

from collections.abc import Callable

from django.utils import timezone

from discussions.models import Notice

from .language import in_language_of


def moderation_notice(
    *, user, actor, write: Callable[[], str], url: str = "", comment=None
) -> Notice | None:
    """Tell `user` of a moderator's decision in words `write()` gives in their language;
    nobody is told of their own decision."""
    # Nobody to tell: the author deleted their account.
    if user is None or user.pk == actor.pk:
        return None
    with in_language_of(user):
        text = write()
    return Notice.objects.create(
        user=user, kind=Notice.Kind.MODERATION, text=text, url=url, comment=comment
    )


def notice_mark_read(*, notice: Notice) -> Notice:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_read(*, user) -> int:
    """Mark every unread notice of this person read; returns how many there were."""
    return user.notices.unread().update(read_at=timezone.now())
