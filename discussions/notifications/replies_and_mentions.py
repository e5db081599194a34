"""Notices of replies and @mentions, sent when a comment becomes visible.

Nobody hears of their own actions, or of a comment they may not see: each recipient is asked
through `Audience` (post-first, review, groups) before anything is written, and the author is
named as that recipient sees them (a pseudonym in an anonymous assignment).

Mentions: `@name` matches a course member's username, ignoring case ("@Ben" and "@ben").
In an anonymous assignment students go by their pseudonyms, written without spaces
("@AmberHeron"), and staff by their usernames; a student's real username notifies nobody
there, so a mention never ties a real name to a pseudonym.
"""

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from classroom.models import STAFF_ROLES, Assignment, Membership, User
from discussions.access import may_read
from discussions.audience import audience_for
from discussions.models import Comment, Notice, Pseudonym, Status

from .language import in_language_of

# "@name" not inside an address like ben@example.com or example.com/@ben.
MENTION = re.compile(r"(?<![\w@/])@([\w.+-]+)")
# More mentions than this in one comment are read as a list, not as people to notify.
MAX_MENTIONS = 10


def mentioned_names(body: str) -> list[str]:
    """The names a comment mentions, lower-cased, in order, each once."""
    names: list[str] = []
    for match in MENTION.finditer(body):
        # "thanks @ben." ends a sentence; the full stop is not part of the name.
        name = match[1].rstrip(".-+").lower()
        if name and name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def _squashed(name: str) -> str:
    return name.replace(" ", "").lower()


def mentioned_members(comment: Comment) -> list[User]:
    """Active members of the comment's course that it mentions (see the module docstring)."""
    names = mentioned_names(comment.body)
    if not names:
        return []
    assignment = comment.assignment
    members = Membership.objects.active().filter(course_id=assignment.course_id)
    by_username = Q(username__iexact=names[0])
    for name in names[1:]:
        by_username |= Q(username__iexact=name)
    if not assignment.anonymous:
        return list(User.objects.filter(by_username, pk__in=members.values("user_id")))
    staff = members.filter(role__in=STAFF_ROLES).values("user_id")
    named_staff = list(User.objects.filter(by_username, pk__in=staff))
    wanted = set(names)
    students = [
        user_id
        for user_id, pseudonym in Pseudonym.objects.names_by_user(assignment).items()
        if _squashed(pseudonym) in wanted
    ]
    masked = list(
        User.objects.filter(pk__in=students).filter(
            pk__in=members.exclude(role__in=STAFF_ROLES).values("user_id")
        )
    )
    return named_staff + masked


def comment_published(comment: Comment) -> list[Notice]:
    """Tell the author of the comment this one answers, and the people it mentions, now that
    it is visible. Safe to call again (after an edit or an approval): nobody hears twice."""
    if comment.status != Status.VISIBLE:
        return []
    recipients: dict[int, str] = {}
    answered = comment.reply_to or comment.parent
    if answered is not None and answered.author_id is not None:
        recipients[answered.author_id] = Notice.Kind.REPLY
    for person in mentioned_members(comment):
        recipients.setdefault(person.pk, Notice.Kind.MENTION)
    recipients.pop(comment.author_id, None)
    if not recipients:
        return []
    assignment = comment.assignment
    already = set(
        Notice.objects.filter(
            comment=comment, kind__in=[Notice.Kind.REPLY, Notice.Kind.MENTION]
        ).values_list("user_id", flat=True)
    )
    people = User.objects.in_bulk([pk for pk in recipients if pk not in already])
    notices = []
    for person in people.values():
        label = _label_for(person, comment, assignment)
        if label is None:
            continue
        with in_language_of(person):
            if recipients[person.pk] == Notice.Kind.REPLY:
                text = _("%(name)s replied to your comment on “%(reading)s”.")
            else:
                text = _("%(name)s mentioned you in a comment on “%(reading)s”.")
            text = text % {"name": label, "reading": assignment.reading.title}
        notices.append(
            Notice(
                user=person,
                kind=recipients[person.pk],
                comment=comment,
                text=text,
                url=comment.get_absolute_url(),
            )
        )
    return Notice.objects.bulk_create(notices, ignore_conflicts=True)


def _label_for(person, comment: Comment, assignment: Assignment) -> str | None:
    """The comment's author as `person` sees them, or None if they may not see the comment."""
    if not may_read(person, assignment):
        return None
    shown = audience_for(person, assignment).seen(comment.pk)
    return shown.author_label if shown else None
