"""The daily e-mail: one message per person who wants it, listing the notices they have not
read and not been e-mailed about. Each notice is claimed before sending, so it goes out once
even if two workers run at the same time; a failed send gives it back for the next day."""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from classroom.models import User
from discussions.models import Notice

from .language import in_language_of
from .unsubscribe import unsubscribe_token

logger = logging.getLogger(__name__)

# An e-mail lists at most this many notices (newest first) and says how many more wait.
LISTED = 50


def readers() -> "list[User]":
    """People who want the e-mail, have an address and have something waiting."""
    waiting = Notice.objects.awaiting_digest().filter(user=OuterRef("pk"))
    return list(
        User.objects.filter(email_digest=True, is_active=True)
        .exclude(email="")
        .filter(Exists(waiting))
        .order_by("pk")
    )


def send_digests() -> int:
    """Send every waiting digest; returns how many e-mails went out."""
    if not settings.SITE_URL:
        raise ImproperlyConfigured("Set SITE_URL so e-mails can link back to Colloquy.")
    sent = 0
    for person in readers():
        try:
            sent += send_digest(person)
        except Exception:
            # One bad address must not stop everyone else's e-mail; theirs waits for tomorrow.
            logger.exception("The daily digest for user %s could not be sent.", person.pk)
    return sent


def send_digest(person: User) -> bool:
    claimed_at = timezone.now()
    ids = list(Notice.objects.awaiting_digest().filter(user=person).values_list("pk", flat=True))
    Notice.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=claimed_at)
    notices = list(
        Notice.objects.filter(pk__in=ids, emailed_at=claimed_at).order_by("-created_at", "-pk")
    )
    if not notices:
        return False
    try:
        _message(person, notices).send()
    except Exception:
        Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(emailed_at=None)
        raise
    return True


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def _message(person: User, notices: list[Notice]) -> EmailMultiAlternatives:
    unsubscribe_url = _absolute(
        reverse("discussions:unsubscribe", args=[unsubscribe_token(person)])
    )
    with in_language_of(person):
        count = len(notices)
        subject = ngettext(
            "Colloquy: %(count)d new notice", "Colloquy: %(count)d new notices", count
        ) % {"count": count}
        for notice in notices:
            notice.link = _absolute(notice.url) if notice.url else ""
        context = {
            "person": person,
            "notices": notices[:LISTED],
            "more": max(0, count - LISTED),
            "notices_url": _absolute(reverse("discussions:notices")),
            "settings_url": _absolute(reverse("account_settings")),
            "unsubscribe_url": unsubscribe_url,
        }
        text = render_to_string("discussions/notifications/email/digest.txt", context)
        html = render_to_string("discussions/notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[person.email],
        # One-click unsubscribe (RFC 8058): mail clients show a button that POSTs here.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
