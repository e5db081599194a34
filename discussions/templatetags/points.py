"""{{ value|points }}: rubric numbers written exactly, without trailing zeros."""

from django import template

from discussions.participation import format_points

register = template.Library()
register.filter("points", format_points)
