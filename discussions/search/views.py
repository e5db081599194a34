"""The course search page: a GET form and its results, the same page with JavaScript or without."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.access import access_rule
from classroom.access import MEMBER, course_and_assignments_for_member

from .backends import terms_from
from .forms import SearchForm
from .results import CourseSearch, Filters, readable_assignments

SEARCH = "discussions/search/search.html"


@access_rule(MEMBER)
@require_GET
def course_search(request: HttpRequest, slug: str) -> HttpResponse:
    course, assignments = course_and_assignments_for_member(request.user, slug)
    assignments = readable_assignments(request.user, course, assignments)
    form = SearchForm(request.GET, assignments=assignments)
    context = {"course": course, "form": form, "page": None, "terms": None}
    if not form.is_valid():
        # The query stays in the box, with the message beside it.
        return render(request, SEARCH, context, status=400)
    data = form.cleaned_data
    terms = terms_from(data["q"])
    if not terms:
        return render(request, SEARCH, context)
    filters = Filters(
        terms=terms,
        assignment=next((a for a in assignments if a.pk == data["reading"]), None),
        person=data["person"],
        type=data["type"],
        start=data["from"],
        end=data["to"],
    )
    search = CourseSearch(request.user, assignments, filters)
    context |= {
        "page": search.page(request.GET.get("page")),
        "terms": terms,
        "address": _without_page(request),
    }
    return render(request, SEARCH, context)


def _without_page(request: HttpRequest) -> str:
    """This search's address for the pagination links, which add their own page number."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
