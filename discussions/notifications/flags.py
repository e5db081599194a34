"""Telling the people who flagged a comment that a moderator reviewed it: what became of it,
never the moderator's reason, and only if they may still see the comment."""

from django.utils.translation import gettext as _

from classroom.models import User
from discussions.access import may_read
from discussions.audience import audience_for
from discussions.models import Comment, Notice, Status

from .language import in_language_of


def flaggers_told(*, comment: Comment, flagger_ids: list[int], moderator) -> list[Notice]:
    """One notice to each flagger (not the moderator, not the comment's author, who hears of
    the decision on their own comment already) who may see the comment as it now stands."""
    assignment = comment.assignment
    notices = []
    people = User.objects.filter(pk__in=set(flagger_ids) - {moderator.pk, comment.author_id})
    for person in people:
        if (
            not may_read(person, assignment)
            or audience_for(person, assignment).seen(comment.pk) is None
        ):
            continue
        with in_language_of(person):
            if comment.status == Status.HIDDEN:
                text = _("A moderator reviewed a comment you flagged and hid it. Thank you.")
            else:
                text = _("A moderator reviewed a comment you flagged and left it up. Thank you.")
        notices.append(
            Notice(
                user=person,
                kind=Notice.Kind.MODERATION,
                text=text,
                url=comment.get_absolute_url(),
                comment=comment,
            )
        )
    return Notice.objects.bulk_create(notices)
