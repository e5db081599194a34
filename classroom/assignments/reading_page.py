"""What classroom adds to a reading's page: the courses its owner teaches, to assign it to."""

from django.template import Context
from django.template.loader import render_to_string

from classroom.models import Course


def assign_reading(context: Context, reading) -> str:
    teaching = list(Course.objects.taught_by(context["user"]))
    if not teaching:
        return ""
    return render_to_string(
        "classroom/assignments/assign_reading_part.html",
        {"courses": teaching, "reading": reading},
    )
