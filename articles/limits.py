"""Limits counted from a person's own rows (posts a minute, imports and invitations an hour)
hold however many app servers take that person's requests at once."""

from django.contrib.auth import get_user_model


def one_at_a_time(person) -> None:
    """Until this transaction ends, another calling this for the same person waits, so a limit
    checked after it counts every row the earlier request wrote, whichever server wrote it.

    PostgreSQL locks the person's row (SELECT … FOR UPDATE); SQLite needs nothing more, as its
    transactions (BEGIN IMMEDIATE) already write one at a time. Outside a transaction Django
    refuses the lock, so a caller cannot forget one."""
    get_user_model().objects.select_for_update().filter(pk=person.pk).values_list("pk").get()
