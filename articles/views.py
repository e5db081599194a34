"""A teacher's readings: list, paste a new one, look it over."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from classroom.models import Course, Role

from .access import reading_for_owner
from .forms import ReadingForm
from .models import Reading
from .services import reading_create


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
    context = {"reading": reading, "paragraphs": reading.paragraphs.all(), "courses": teaching}
    return render(request, "articles/reading_detail.html", context)
