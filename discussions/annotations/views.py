"""Open exports: staff download a course's or an assignment's discussion, a member their own
comments, as CSV or W3C Web Annotations; and each assignment's read-only Web Annotation
Protocol container for staff."""

import hashlib
import json

from django.core.paginator import InvalidPage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from articles.access import access_rule
from classroom.access import (
    MEMBER,
    STAFF,
    allows,
    assignment_for,
    course_for_member,
    course_for_staff,
)
from classroom.models import Assignment, Course
from classroom.spreadsheets import csv_download

from ..audience import audience_for
from . import csv_export, web_annotation
from .forms import NamesForm
from .records import (
    ExportedComment,
    Names,
    as_exported,
    assignment_comments,
    course_assignments,
    course_comments,
    own_course_comments,
    staff_discussion,
)

FILE_FORMATS = ("csv", "jsonld")

# What the container speaks, best first: the Web Annotation Protocol's own media type (which
# also answers a plain application/ld+json), then JSON for clients that ask for that.
CONTAINER_MEDIA_TYPES = (web_annotation.ANNO_MEDIA_TYPE, "application/json")
CONTAINER_METHODS = "GET, HEAD, OPTIONS"
CONTAINER_LINKS = ", ".join(
    (
        f'<{web_annotation.LDP_BASIC_CONTAINER}>; rel="type"',
        '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"',
    )
)


def _file_format(file_format: str) -> str:
    if file_format not in FILE_FORMATS:
        raise Http404("No such download.")
    return file_format


def _download(
    request: HttpRequest,
    course: Course,
    exported: list[ExportedComment],
    *,
    file_format: str,
    filename: str,
    label: str,
) -> HttpResponse:
    if file_format == "csv":
        response, writer = csv_download(f"{filename}.csv")
        # Times as the course keeps them, like every other page of the course.
        with timezone.override(course.time_zone):
            writer.writerows(csv_export.rows(exported))
        return response
    described = web_annotation.download(
        exported,
        collection_id=request.build_absolute_uri(request.path),
        label=label,
        absolute=request.build_absolute_uri,
    )
    return HttpResponse(
        json.dumps(described, ensure_ascii=False, indent=2),
        content_type=f"{web_annotation.ANNO_MEDIA_TYPE}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.jsonld"'},
    )


def _downloads_page(request: HttpRequest, course: Course, form: NamesForm, *, status=200):
    is_staff = allows(STAFF, request.user, course)
    context = {
        "course": course,
        "is_staff": is_staff,
        "assignments": course_assignments(course) if is_staff else [],
        "form": form,
    }
    return render(request, "discussions/annotations/downloads.html", context, status=status)


def _names(request: HttpRequest, course: Course) -> Names | HttpResponse:
    """The staff's choice of names, or the downloads page saying what is wrong with it."""
    form = NamesForm(request.GET)
    if form.is_valid():
        return form.chosen()
    return _downloads_page(request, course, form, status=400)


@access_rule(MEMBER)
@require_GET
def downloads(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_member(request.user, slug)
    return _downloads_page(request, course, NamesForm())


@access_rule(STAFF)
@require_GET
def course_discussion_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    course = course_for_staff(request.user, slug)
    file_format = _file_format(file_format)
    names = _names(request, course)
    if isinstance(names, HttpResponse):
        return names
    return _download(
        request,
        course,
        course_comments(request.user, course, names=names),
        file_format=file_format,
        filename=f"{course.slug}-discussion",
        label=_("Discussion in %(course)s") % {"course": course.title},
    )


@access_rule(STAFF)
@require_GET
def assignment_discussion_export(
    request: HttpRequest, slug: str, assignment_id: int, file_format: str
) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    file_format = _file_format(file_format)
    names = _names(request, assignment.course)
    if isinstance(names, HttpResponse):
        return names
    return _download(
        request,
        assignment.course,
        assignment_comments(audience_for(request.user, assignment), names=names),
        file_format=file_format,
        filename=f"{assignment.course.slug}-{assignment.pk}-discussion",
        label=_("Discussion of %(reading)s") % {"reading": assignment.reading.title},
    )


@access_rule(MEMBER)
@require_GET
def own_comments_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    course = course_for_member(request.user, slug)
    return _download(
        request,
        course,
        own_course_comments(request.user, course),
        file_format=_file_format(file_format),
        filename=f"{course.slug}-my-comments",
        label=_("My comments in %(course)s") % {"course": course.title},
    )


def _container_page(request: HttpRequest, assignment: Assignment, container_id: str) -> dict:
    """The container's description with its first page, or the page `?page=N` asks for."""
    audience = audience_for(request.user, assignment)
    pages = web_annotation.pages_of(staff_discussion(audience))
    asked = request.GET.get("page")
    try:
        current = pages.page(asked or 1)
    except InvalidPage as invalid:
        raise Http404(_("This container has no such page.")) from invalid
    page_ids = [f"{container_id}?page={number}" for number in pages.page_range]
    number = current.number
    described_page = web_annotation.page(
        page_id=page_ids[number - 1],
        part_of=container_id,
        items=[
            web_annotation.annotation(exported, request.build_absolute_uri)
            for exported in as_exported(audience, current.object_list, names=Names.PSEUDONYMS)
        ],
        start_index=(number - 1) * web_annotation.ANNOTATIONS_PER_PAGE,
        next_id=page_ids[number] if current.has_next() else None,
        prev_id=page_ids[number - 2] if current.has_previous() else None,
    )
    if asked is not None:
        return described_page
    described = web_annotation.collection(
        collection_id=container_id,
        label=_("Discussion of %(reading)s") % {"reading": assignment.reading.title},
        total=pages.count,
        page_ids=page_ids,
        extra_types=[web_annotation.LDP_BASIC_CONTAINER],
    )
    return described | {"first": described_page}


@access_rule(STAFF)
@require_http_methods(["GET", "HEAD", "OPTIONS"])
def annotation_container(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    headers = {"Allow": CONTAINER_METHODS, "Link": CONTAINER_LINKS}
    if request.method == "OPTIONS":
        return HttpResponse(headers=headers)
    # An empty Accept header asks for nothing in particular, like none at all.
    media_type = (
        request.get_preferred_type(CONTAINER_MEDIA_TYPES)
        if request.headers.get("Accept", "").strip()
        else web_annotation.ANNO_MEDIA_TYPE
    )
    if media_type is None:
        response = HttpResponse(
            _("This container answers in JSON-LD (%(media_type)s) or JSON.")
            % {"media_type": web_annotation.ANNO_MEDIA_TYPE},
            status=406,
            content_type="text/plain; charset=utf-8",
            headers=headers,
        )
        patch_vary_headers(response, ["Accept"])
        return response
    container_id = request.build_absolute_uri(
        reverse("discussions:annotation_container", args=[slug, assignment.pk])
    )
    body = json.dumps(
        web_annotation.document(_container_page(request, assignment, container_id)),
        ensure_ascii=False,
    ).encode()
    # A strong validator over what was sent: any change to a comment on the page, or to
    # the page's neighbours, changes the bytes.
    etag = f'"{hashlib.sha256(body + media_type.encode()).hexdigest()[:32]}"'
    headers["ETag"] = etag
    asked_for = parse_etags(request.headers.get("If-None-Match", ""))
    if etag in asked_for or "*" in asked_for:
        response = HttpResponse(status=304, headers=headers)
    else:
        response = HttpResponse(body, content_type=f"{media_type}; charset=utf-8", headers=headers)
    patch_vary_headers(response, ["Accept"])
    return response
