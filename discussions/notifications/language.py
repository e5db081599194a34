"""Notices and e-mails are written in the language their reader chose."""

from django.conf import settings
from django.utils import translation


def in_language_of(user) -> translation.override:
    """Translate what is written inside `with` into this person's language (the site's
    default when they chose none)."""
    return translation.override(user.language or settings.LANGUAGE_CODE)
