"""The course page's link to a member's own downloads (a part of a lower layer's page, see
articles/page_parts.py): staff reach the downloads through the course's staff row."""

from django.template.loader import render_to_string


def own_downloads_link(context, course) -> str:
    return render_to_string(
        "discussions/annotations/own_downloads_link.html",
        {"course": course},
        context.get("request"),
    )
