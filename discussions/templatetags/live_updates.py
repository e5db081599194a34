"""`{% live_updates_seconds %}`: how often an open discussion asks for new comments."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def live_updates_seconds() -> int:
    return settings.LIVE_UPDATES_SECONDS
