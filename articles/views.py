"""A teacher's readings: list, paste a new one, look it over."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from classroom.models import Course, Role

from .access import reading_for_owner
from .forms import ReadingForm, reading_initial
from .models import Reading
from .services import reading_create, reading_revise


@require_GET
def reading_list(request: HttpRequest) -> HttpResponse:
    readings = Reading.objects.owned_by(request.user)
    return render(request, "articles/reading_list.html", {"readings": readings})


@require_http_methods(["GET", "POST"])
def reading_new(request: HttpRequest) -> HttpResponse:
    form = ReadingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reading = reading_create(
            owner=request.user,
            title=form.cleaned_data["title"],
            byline=form.cleaned_data["byline"],
            author_note=form.cleaned_data["author_note"],
            source=form.cleaned_data["source"],
            paragraphs=form.cleaned_data["text"],
        )
        messages.success(
            request, f"Saved “{reading.title}” with {len(form.cleaned_data['text'])} paragraphs."
        )
        return redirect(reading)
    status = 422 if form.errors else 200
    return render(request, "articles/reading_new.html", {"form": form}, status=status)


@require_GET
def reading_detail(request: HttpRequest, reading_id: int) -> HttpResponse:
    reading = reading_for_owner(request.user, reading_id)
    teaching = Course.objects.filter(
        memberships__user=request.user,
        memberships__role=Role.INSTRUCTOR,
        memberships__removed_at__isnull=True,
    )
    context = {"reading": reading, "paragraphs": reading.current_paragraphs(), "courses": teaching}
    return render(request, "articles/reading_detail.html", context)


@require_http_methods(["GET", "POST"])
def reading_edit(request: HttpRequest, reading_id: int) -> HttpResponse:
    """Edit text, order, additions and deletions; comments follow their paragraphs."""
    reading = reading_for_owner(request.user, reading_id)
    form = ReadingForm(request.POST or None, initial=reading_initial(reading))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reading_revise(
            reading=reading,
            paragraphs=data["text"],
            editor=request.user,
            title=data["title"],
            byline=data["byline"],
            author_note=data["author_note"],
            source=data["source"],
        )
        messages.success(request, "Saved. Existing comments follow the paragraphs they were on.")
        return redirect(reading)
    status = 422 if form.errors else 200
    context = {"form": form, "reading": reading}
    return render(request, "articles/reading_edit.html", context, status=status)
