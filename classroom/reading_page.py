"""What classroom adds to a reading's page: the courses its owner teaches, to assign it to."""

from django.template import Context
from django.template.loader import render_to_string

from .models import Course, Role


def assign_reading(context: Context, reading) -> str:
    teaching = list(
        Course.objects.filter(
            memberships__user=context["user"],
            memberships__role=Role.INSTRUCTOR,
            memberships__removed_at__isnull=True,
        )
    )
    if not teaching:
        return ""
    return render_to_string(
        "classroom/assign_reading_part.html", {"courses": teaching, "reading": reading}
    )
