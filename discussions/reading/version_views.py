"""A reading as it stood in an earlier version, read-only: the address exported annotations
name as their source, so the paragraph anchors and character positions they give still fit."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from articles.access import access_rule
from classroom.access import MEMBER, assignment_for_member

READING_VERSION = "discussions/reading/reading_version.html"


@access_rule(MEMBER)
@require_GET
def reading_version(
    request: HttpRequest, slug: str, assignment_id: int, number: int
) -> HttpResponse:
    """Version `number` of the assignment's reading; the current one is the reading page."""
    assignment = assignment_for_member(request.user, slug, assignment_id)
    reading = assignment.reading
    versions = {version.number: version for version in reading.versions.all()}
    version = versions.get(number)
    context = {"course": assignment.course, "assignment": assignment, "reading": reading}
    if version is None:
        context |= {"number": number, "latest": max(versions, default=0)}
        return render(request, READING_VERSION, context, status=404)
    if version.pk == reading.current_version_id:
        return redirect(assignment.get_absolute_url())
    paragraphs = list(version.paragraphs.all())
    context |= {
        "version": version,
        "paragraphs": paragraphs,
        "headings": [paragraph for paragraph in paragraphs if paragraph.is_heading],
    }
    return render(request, READING_VERSION, context)
