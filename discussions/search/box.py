"""The search box the course page shows (a part of a lower layer's page, see
articles/page_parts.py); the reading page includes the same template itself."""

from django.template.loader import render_to_string

SEARCH_BOX = "discussions/search/search_box.html"


def course_search_box(context, course) -> str:
    return render_to_string(SEARCH_BOX, {"course": course}, context.get("request"))
