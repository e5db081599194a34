"""Writing, changing and deleting one's private notes beside the reading, and "My notes".
Each works inline with HTMX and as a plain form with JavaScript off."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.access import access_rule
from classroom.access import MEMBER, assignment_for_member
from discussions.access import paragraph_for_member
from discussions.models import Note
from discussions.posting_keys import post_once

from .access import NOTE_AUTHOR, note_for_author
from .downloads import notes_csv, notes_markdown
from .forms import NoteForm
from .selectors import notes_in_reading_order, paragraph_notes
from .services import note_create, note_delete, note_edit

NOTES = "discussions/notes/notes.html"
NOTE_PAGE = "discussions/notes/note_page.html"
MY_NOTES = "discussions/notes/my_notes.html"


def _paragraph_url(assignment, paragraph) -> str:
    return f"{assignment.get_absolute_url()}#{paragraph.anchor}"


def _note_url(note: Note) -> str:
    """The note beside its paragraph on the reading page; for a removed passage, My notes."""
    current = note.paragraph.current()
    if current is None:
        return f"{_my_notes_url(note.assignment)}#note-{note.pk}"
    return f"{note.assignment.get_absolute_url()}#note-{note.pk}"


def _my_notes_url(assignment) -> str:
    return reverse("discussions:my_notes", args=[assignment.course.slug, assignment.pk])


def _note_saved(request, assignment, paragraph) -> HttpResponse:
    paragraph.own_notes = paragraph_notes(request.user, assignment, paragraph)
    context = {"assignment": assignment, "paragraph": paragraph}
    return render(request, f"{NOTES}#note-saved", context, status=201)


def _save(request: HttpRequest, form: NoteForm, save) -> Note | None:
    """Run `save(quote, body)` once for the posted form if it is valid; None with the errors
    on the form if not."""
    if not form.is_valid():
        return None
    quote, body = form.cleaned_data["quote"], form.cleaned_data["body"]
    try:
        return post_once(request, "note", lambda: save(quote, body))
    except ValidationError as error:
        form.add_error(None, error)
        return None


@access_rule(MEMBER)
@require_POST
def note_new(request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int):
    assignment, paragraph = paragraph_for_member(request.user, slug, assignment_id, paragraph_id)
    form = NoteForm(request.POST)
    note = _save(
        request,
        form,
        lambda quote, body: note_create(
            author=request.user, assignment=assignment, paragraph=paragraph, body=body, quote=quote
        ),
    )
    if note is not None:
        if request.htmx:
            return _note_saved(request, assignment, paragraph)
        return redirect(_paragraph_url(assignment, paragraph))
    context = {"assignment": assignment, "paragraph": paragraph, "note_form": form}
    if request.htmx:
        return render(request, f"{NOTES}#note-control", context, status=422)
    return render(request, NOTE_PAGE, context, status=422)


@access_rule(NOTE_AUTHOR)
@require_GET
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = note_for_author(request.user, note_id)
    if request.htmx:
        return render(request, f"{NOTES}#note", {"note": note})
    return redirect(_note_url(note))


@access_rule(NOTE_AUTHOR)
@require_http_methods(["GET", "POST"])
def note_edit_view(request: HttpRequest, note_id: int) -> HttpResponse:
    note = note_for_author(request.user, note_id)
    initial = {"quote": note.quote, "body": note.body}
    form = NoteForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        edited = _save(
            request,
            form,
            lambda quote, body: note_edit(note=note, author=request.user, body=body, quote=quote),
        )
        if edited is not None:
            if request.htmx:
                return render(request, f"{NOTES}#note", {"note": edited})
            return redirect(_note_url(edited))
    status = 422 if form.is_bound else 200
    context = {"note": note, "assignment": note.assignment, "note_form": form, "editing": True}
    if request.htmx:
        return render(request, f"{NOTES}#note-edit-form", context, status=status)
    return render(request, NOTE_PAGE, context, status=status)


@access_rule(NOTE_AUTHOR)
@require_http_methods(["GET", "POST"])
def note_delete_view(request: HttpRequest, note_id: int) -> HttpResponse:
    note = note_for_author(request.user, note_id)
    if request.method == "POST":
        current = note.paragraph.current()
        note_delete(note=note, author=request.user)
        if request.htmx:
            return HttpResponse("")  # the note's element is swapped for nothing
        if current is None:
            return redirect(_my_notes_url(note.assignment))
        return redirect(_paragraph_url(note.assignment, current))
    context = {"note": note, "assignment": note.assignment, "deleting": True}
    return render(request, NOTE_PAGE, context)


@access_rule(MEMBER)
@require_GET
def my_notes(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for_member(request.user, slug, assignment_id)
    context = {
        "assignment": assignment,
        "course": assignment.course,
        "reading": assignment.reading,
        "notes": notes_in_reading_order(request.user, assignment),
    }
    return render(request, MY_NOTES, context)


def _download(request: HttpRequest, slug: str, assignment_id: int, write) -> HttpResponse:
    assignment = assignment_for_member(request.user, slug, assignment_id)

    def link(entry) -> str:
        if entry.paragraph is None:
            return request.build_absolute_uri(_my_notes_url(assignment))
        return request.build_absolute_uri(_paragraph_url(assignment, entry.paragraph))

    return write(assignment, notes_in_reading_order(request.user, assignment), link)


@access_rule(MEMBER)
@require_GET
def my_notes_markdown(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    return _download(request, slug, assignment_id, notes_markdown)


@access_rule(MEMBER)
@require_GET
def my_notes_csv(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    return _download(request, slug, assignment_id, notes_csv)
