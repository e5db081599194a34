"""{% course_tools course %}: the row of a course's staff pages, on every page of the course."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles.page_parts import render_parts
from classroom.access import can_manage, can_moderate

register = template.Library()


def tool_links(links: list[tuple[str, str]], path: str) -> SafeString:
    """List items for the row; the page being shown is marked as the current one."""
    current = format_html(' aria-current="{}"', "page")
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a></li>',
        ((url, current if url == path else "", label) for url, label in links),
    )


@register.inclusion_tag("classroom/courses/course_tools.html", takes_context=True)
def course_tools(context, course) -> dict:
    """Staff move between the course, its people and its grades in one click from anywhere in
    it; students see nothing here. The membership is the one the view already checked."""
    user = context["user"]
    if not user.is_authenticated or not can_moderate(user, course):
        return {"items": ""}
    manager = can_manage(user, course)
    links = [(course.get_absolute_url(), _("Assignments"))]
    if manager:
        links.append((reverse("classroom:roster", args=[course.slug]), _("Roster")))
    links.append((reverse("classroom:groups", args=[course.slug]), _("Groups")))
    if manager:
        links.append((reverse("classroom:course_settings", args=[course.slug]), _("Settings")))
    items = tool_links(links, context["request"].path) + render_parts(
        "course-tools", context, course
    )
    return {"course": course, "items": items}
