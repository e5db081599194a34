"""The unread-notice count in the navigation: one COUNT, only when a page shows it."""

from functools import cached_property

from discussions.models import Notice


class UnreadNotices:
    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return Notice.objects.filter(user=self.user, read_at__isnull=True).count()


def notices(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": UnreadNotices(user)}
