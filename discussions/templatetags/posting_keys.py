"""`{% posting_key %}`: the hidden field that lets a form be posted only once
(discussions/posting_keys.py)."""

from django import template
from django.utils.html import format_html

from discussions.posting_keys import FIELD, new_posting_key

register = template.Library()


@register.simple_tag(takes_context=True)
def posting_key(context) -> str:
    """A new key each time the form is rendered; a reused fragment is rendered with a
    placeholder in its place, which is given a new key each time it is reused."""
    key = context.get("posting_key") or new_posting_key()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)
