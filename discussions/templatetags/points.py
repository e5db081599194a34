"""{{ value|points }}: rubric numbers written exactly, without trailing zeros, with the
reader's decimal separator (2.5 in English, 2,5 in Spanish)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from discussions.participation.scores import format_points

register = template.Library()


@register.filter
def points(value: Decimal) -> str:
    # The CSV keeps format_points' plain "2.5"; pages speak the reader's number format.
    return number_format(Decimal(format_points(value)))


@register.filter
def plural_count(value: Decimal) -> int:
    """The whole number that picks "point" or "points" in `blocktranslate count`: fractions
    take the plural, as they do in English and Spanish (2 stands for any of them)."""
    return int(value) if value == int(value) else 2
