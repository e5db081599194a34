"""Writes for readings."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from discussions.rendering import clean_text, render_markdown

from .models import Paragraph, Reading

_BLANK_LINES = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay inside one."""
    return [block.strip() for block in _BLANK_LINES.split(clean_text(text)) if block.strip()]


@transaction.atomic
def reading_create(
    *, owner, title: str, paragraphs: list[str], byline: str = "", source: str = ""
) -> Reading:
    if not paragraphs:
        raise ValidationError("A reading needs at least one paragraph of text.")
    reading = Reading.objects.create(owner=owner, title=title, byline=byline, source=source)
    Paragraph.objects.bulk_create(
        Paragraph(reading=reading, position=position, text=text, html=render_markdown(text))
        for position, text in enumerate(paragraphs)
    )
    return reading
