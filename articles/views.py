"""A teacher's readings: list them, add one through the import preview, look it over."""

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
from .models import ParagraphKind, Reading, ReadingDraft
from .navigation import safe_next_url, with_query
from .services import (
    ImportLimitReached,
    draft_create,
    draft_discard,
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
    drafts = ReadingDraft.objects.filter(owner=request.user)
    context = {"readings": readings, "drafts": drafts}
    return render(request, "articles/reading_list.html", context)


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


# "split-at:3:57" splits block 3 at character 57, a place the preview offered ("Split here").
DRAFT_ACTIONS = ("merge", "split", "split-at")


def _draft_initial(draft) -> dict:
    names = ("title", "byline", "author_note", "language", "direction")
    return {name: getattr(draft, name) for name in names}


def _draft_saved(request: HttpRequest, draft) -> HttpResponse:
    """Publish the checked draft and go on: to where the import started from (a course's
    assignment form, which then has the reading chosen), else to the reading's page."""
    reading = draft_publish(draft=draft)
    messages.success(request, _("Saved “%(title)s”.") % {"title": reading.title})
    target = (
        with_query(draft.next_url, reading=reading.pk)
        if draft.next_url
        else reading.get_absolute_url()
    )
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


@access_rule(OWNER)
@require_http_methods(["GET", "POST"])
def draft_preview(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Check an import: edit, include or leave out, merge and split blocks, then save.

    Every button applies the edits in the form first. An error about one block is shown
    beside that block (and listed at the top); the edits are kept either way."""
    draft = draft_for_owner(request.user, draft_id)
    form = DraftForm(request.POST or None, draft=draft, initial=_draft_initial(draft))
    status, unsaved, focus_block = 200, False, None
    if request.method == "POST":
        action, _separator, target = request.POST.get("action", "update").partition(":")
        index, _separator, place = target.partition(":")
        if form.is_valid():
            form.apply()
            try:
                if action == "save":
                    return _draft_saved(request, draft)
                if action in DRAFT_ACTIONS:
                    _draft_act(form, action, index, place)
            except ValidationError as error:
                # The form still holds what was typed, so the page shows it with the error.
                block_field = f"text-{index}"
                form.add_error(block_field if block_field in form.fields else None, error)
                status = 422
            draft_save(draft=draft)
            if status == 200:
                form = DraftForm(draft=draft, initial=_draft_initial(draft))
                if action == "split-at":
                    # The button pressed is gone with its place: go on from the new paragraph.
                    focus_block = int(index) + 1
        else:
            # Nothing was kept: leaving the page now would lose what was typed.
            status, unsaved = 422, True
        if not request.htmx and status == 200:
            # Back to the block just merged or split, not the top of a long page.
            anchor = f"#block-{index}" if action in DRAFT_ACTIONS else ""
            return redirect(draft.get_absolute_url() + anchor)
    template = "articles/draft.html#draft-form" if request.htmx else "articles/draft.html"
    context = {"form": form, "draft": draft, "unsaved": unsaved, "focus_block": focus_block}
    return render(request, template, context, status=status)


def _draft_act(form: DraftForm, action: str, index: str, place: str) -> None:
    if not index.isdigit():
        raise ValidationError(_("Choose a block."))
    block = int(index)
    if action == "split":
        draft_split(draft=form.draft, index=block, at=form.split_point(block))
    elif action == "split-at":
        draft_split(draft=form.draft, index=block, at=form.split_place(block, place))
    else:
        draft_merge(draft=form.draft, index=block)


@access_rule(OWNER)
@require_http_methods(["GET", "POST"])
def discard_draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Throw away an unfinished import, after a page that asks (so it works without script)."""
    draft = draft_for_owner(request.user, draft_id)
    if request.method == "POST":
        draft_discard(draft=draft)
        messages.success(request, _("Draft discarded."))
        return redirect("articles:list")
    return render(request, "articles/draft_discard.html", {"draft": draft})


@access_rule(TEACHER)
@require_http_methods(["GET", "POST"])
def reading_import(request: HttpRequest) -> HttpResponse:
    """Add a reading from a web address, a file or a paste, then check it in the preview.

    `next` (say, a course's assignment form) is where saving the reading leads; it rides
    along on the draft, so a draft resumed later still ends there."""
    next_url = safe_next_url(request)
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
            draft = draft_create(owner=request.user, imported=imported, next_url=next_url)
            return redirect(draft)
    if form.errors and status == 200:
        status = 422
    context = {"form": form, "next_url": next_url}
    return render(request, "articles/reading_import.html", context, status=status)
