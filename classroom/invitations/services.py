"""Inviting people to a course by e-mail: one message to each address with the course's name,
its teacher's name and its join link."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.limits import one_at_a_time
from classroom.access import MANAGER, ensure_rule
from classroom.mailing import messages_send
from classroom.models import Course, Invitation, User


class InvitationLimitReached(ValidationError):
    """More invitations than INVITATIONS_PER_HOUR from one teacher (the view answers 429)."""


@dataclass
class InvitationOutcome:
    sent: list[str] = field(default_factory=list)
    # (address, why it was not sent)
    refused: list[tuple[str, str]] = field(default_factory=list)


def ensure_invitations_left(inviter: User, count: int) -> None:
    limit = settings.INVITATIONS_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    sent = Invitation.objects.filter(invited_by=inviter, created_at__gte=since).count()
    if sent + count > limit:
        raise InvitationLimitReached(
            ngettext(
                "You can send at most %(limit)d invitation an hour and have %(left)d left. "
                "Share the join link instead, or try again later.",
                "You can send at most %(limit)d invitations an hour and have %(left)d left. "
                "Share the join link instead, or try again later.",
                limit,
            )
            % {"limit": limit, "left": max(0, limit - sent)}
        )


def invitation_message(*, course: Course, inviter: User, address: str) -> EmailMessage:
    """The invitation in the language the teacher is using (the invitee has no account yet)."""
    context = {
        "course": course.title,
        "teacher": inviter.public_name,
        "join_link": f"{settings.SITE_URL}{course.join_url}",
        "join_code": course.join_code,
    }
    subject = _("%(teacher)s invites you to %(course)s on Colloquy") % context
    body = render_to_string("classroom/invitations/email/invitation.txt", context)
    # A name is one line of a header, whatever was typed into it.
    return EmailMessage(" ".join(subject.split()), body, to=[address])


def invitations_send(*, course: Course, inviter: User, addresses: list[str]) -> InvitationOutcome:
    """E-mail each address its own invitation (nobody sees who else was invited); addresses
    of people already in the course are refused, as are ones the mail server turns down."""
    ensure_rule(MANAGER, inviter, course)
    outcome = InvitationOutcome()
    members = {
        email.lower()
        for email in course.memberships.active().values_list("user__email", flat=True)
        if email
    }
    to_send = []
    for address in addresses:
        if address.lower() in members:
            outcome.refused.append((address, _("already in this course")))
        else:
            to_send.append(address)
    # The invitations are counted before the mail goes, in a transaction of their own (not one
    # held open while the mail server answers), so sends at once cannot both fit the limit.
    with transaction.atomic():
        one_at_a_time(inviter)
        ensure_invitations_left(inviter, len(to_send))
        counted = Invitation.objects.bulk_create(
            Invitation(course=course, email=address, invited_by=inviter) for address in to_send
        )
    messages = [
        invitation_message(course=course, inviter=inviter, address=address) for address in to_send
    ]
    not_taken = {message.to[0] for message in messages_send(messages)}
    refusal = _("the mail server did not accept it; try again")
    for address in to_send:
        if address in not_taken:
            outcome.refused.append((address, refusal))
        else:
            outcome.sent.append(address)
    Invitation.objects.filter(
        pk__in=[invitation.pk for invitation in counted if invitation.email in not_taken]
    ).delete()
    return outcome
