"""A teacher's readings: list, paste a new one, look it over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from .access import OWNER, TEACHER, access_rule, draft_for_owner, reading_for_owner
from .forms import DraftForm, ImportForm, ReadingForm, reading_initial
from .importing.pipeline import extract_source
from .models import ParagraphKind, Reading
from .services import (
    ImportLimitReached,
    draft_create,
    draft_merge,
    draft_publish,
    draft_save,
    draft_split,
    import_attempt_record,
    reading_create,
    reading_revise,
)


@access_rule(TEACHER)
@require_GET
def reading_list(request: HttpRequest) -> HttpResponse:
    readings = Reading.objects.owned_by(request.user)
    return render(request, "articles/reading_list.html", {"readings": readings})


@access_rule(TEACHER)
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
            **form.blocks(),
        )
        count = form.blocks()["kinds"].count(ParagraphKind.PARAGRAPH)
        messages.success(
            request,
            ngettext(
                "Saved “%(title)s” with %(count)d paragraph.",
                "Saved “%(title)s” with %(count)d paragraphs.",
                count,
            )
            % {"title": reading.title, "count": count},
        )
        return redirect(reading)
    status = 422 if form.errors else 200
    return render(request, "articles/reading_new.html", {"form": form}, status=status)


@access_rule(OWNER)
@require_GET
def reading_detail(request: HttpRequest, reading_id: int) -> HttpResponse:
    reading = reading_for_owner(request.user, reading_id)
    paragraphs = list(reading.current_paragraphs())
    context = {
        "reading": reading,
        "paragraphs": paragraphs,
        "headings": [paragraph for paragraph in paragraphs if paragraph.is_heading],
    }
    return render(request, "articles/reading_detail.html", context)


@access_rule(OWNER)
@require_http_methods(["GET", "POST"])
def reading_edit(request: HttpRequest, reading_id: int) -> HttpResponse:
    """Edit text, order, additions and deletions; comments follow their paragraphs."""
    reading = reading_for_owner(request.user, reading_id)
    form = ReadingForm(request.POST or None, initial=reading_initial(reading))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reading_revise(
            reading=reading,
            **form.blocks(),
            editor=request.user,
            title=data["title"],
            byline=data["byline"],
            author_note=data["author_note"],
            source=data["source"],
        )
        messages.success(request, _("Saved. Existing comments follow the paragraphs they were on."))
        return redirect(reading)
    status = 422 if form.errors else 200
    context = {"form": form, "reading": reading}
    return render(request, "articles/reading_edit.html", context, status=status)


DRAFT_ACTIONS = {"merge": draft_merge, "split": draft_split}


def _draft_initial(draft) -> dict:
    names = ("title", "byline", "author_note", "language", "direction")
    return {name: getattr(draft, name) for name in names}


@access_rule(OWNER)
@require_http_methods(["GET", "POST"])
def draft_preview(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Check an import: edit, include or leave out, merge and split blocks, then save."""
    draft = draft_for_owner(request.user, draft_id)
    form = DraftForm(request.POST or None, draft=draft, initial=_draft_initial(draft))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.apply()
            action, _separator, index = request.POST.get("action", "update").partition(":")
            try:
                if action == "save":
                    reading = draft_publish(draft=draft)
                    messages.success(request, _("Saved “%(title)s”.") % {"title": reading.title})
                    if request.htmx:
                        return HttpResponseClientRedirect(reading.get_absolute_url())
                    return redirect(reading)
                if action in DRAFT_ACTIONS:
                    if not index.isdigit():
                        raise ValidationError(_("Choose a block."))
                    DRAFT_ACTIONS[action](draft=draft, index=int(index))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 422
            draft_save(draft=draft)
            form = DraftForm(draft=draft, initial=_draft_initial(draft))
        else:
            status = 422
        if not request.htmx and status == 200:
            # Back to the block just merged or split, not the top of a long page.
            anchor = f"#block-{index}" if action in DRAFT_ACTIONS else ""
            return redirect(draft.get_absolute_url() + anchor)
    template = "articles/draft.html#draft-form" if request.htmx else "articles/draft.html"
    return render(request, template, {"form": form, "draft": draft}, status=status)


@access_rule(TEACHER)
@require_http_methods(["GET", "POST"])
def reading_import(request: HttpRequest) -> HttpResponse:
    """Bring in a reading from a paste, a file or a URL, then check it in the preview."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if form.fetches_or_parses_a_file():
                import_attempt_record(owner=request.user)
            imported = extract_source(form.source())
        except ImportLimitReached as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            draft = draft_create(owner=request.user, imported=imported)
            return redirect(draft)
    if form.errors and status == 200:
        status = 422
    return render(request, "articles/reading_import.html", {"form": form}, status=status)
