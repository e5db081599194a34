"""`{{ when|machine_time }}`: a moment as a `<time datetime>` value, to the second."""

from django import template
from django.utils.timezone import template_localtime

register = template.Library()


@register.filter
def machine_time(value) -> str:
    """ISO 8601 like `date:"c"`, without the microseconds it would add: HTML's datetime syntax
    allows at most three digits of a second, and nobody reads a comment's time closer."""
    if not value:
        return ""
    return template_localtime(value).replace(microsecond=0).isoformat()
