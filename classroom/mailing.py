"""E-mails sent in a batch, each to its own people (invitations, a class list's welcomes), over
one connection to the mail server."""

import contextlib
import logging
import smtplib

from django.core.mail import EmailMessage, mailers

logger = logging.getLogger(__name__)


def messages_send(messages: list[EmailMessage]) -> list[EmailMessage]:
    """Send each message and return the ones the mail server did not take (each is logged).
    One connection for the whole batch, not one per message; if it cannot be opened now, each
    send tries again, so a failure refuses that message alone."""
    refused = []
    mailer = mailers.default
    with contextlib.suppress(smtplib.SMTPException, OSError):
        mailer.open()
    try:
        for message in messages:
            try:
                mailer.send_messages([message])
            except (smtplib.SMTPException, OSError):
                logger.exception("An e-mail (%s) could not be sent.", message.subject)
                refused.append(message)
    finally:
        mailer.close()
    return refused
