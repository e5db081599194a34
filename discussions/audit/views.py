"""Staff pages for the record: the audit log and its CSV, and a comment's revision history.
They only read."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.access import access_rule
from classroom.access import STAFF, course_for
from classroom.spreadsheets import csv_download
from discussions.access import comment_history_for

from .forms import AuditFilterForm
from .history import comment_versions, unpublished_edits
from .trail import comment_audit, course_audit, csv_header, csv_rows

AUDIT_PAGE_SIZE = 50


@access_rule(STAFF)
@require_GET
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for(request.user, slug, STAFF)
    filters = AuditFilterForm(request.GET)
    kind = filters.kind_or_all()
    page = Paginator(course_audit(course, kind=kind), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"course": course, "filters": filters, "kind": kind, "page": page}
    return render(request, "discussions/audit/log.html", context)


@access_rule(STAFF)
@require_GET
def audit_csv(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for(request.user, slug, STAFF)
    kind = AuditFilterForm(request.GET).kind_or_all()
    filename = f"audit-{course.slug}{f'-{kind}' if kind else ''}.csv"
    response, writer = csv_download(filename)
    writer.writerow(csv_header(course))

    def comment_url(comment_id: int) -> str:
        return request.build_absolute_uri(reverse("discussions:comment_history", args=[comment_id]))

    writer.writerows(
        csv_rows(course_audit(course, kind=kind), course=course, comment_url=comment_url)
    )
    return response


@access_rule(STAFF)  # and the comment's author, for their own (see comment_history_for)
@require_GET
def comment_history(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, is_staff = comment_history_for(request.user, comment_id)
    versions = comment_versions(comment)
    context = {
        "comment": comment,
        "assignment": comment.assignment,
        "course": comment.assignment.course,
        "versions": list(reversed(versions)),
        "unpublished": unpublished_edits(comment, versions),
        "actions": comment_audit(comment),
        "is_staff": is_staff,
    }
    return render(request, "discussions/audit/history.html", context)
