"""The reading page and every comment action; each works inline with HTMX and without JS."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from articles.access import access_rule
from classroom.access import MEMBER, STAFF, assignment_for_member, can_manage
from discussions.access import (
    AUTHOR,
    comment_for_member,
    comment_for_staff,
    comment_to_answer,
    ensure_can_change,
    paragraph_for_member,
    prompt_for_member,
)
from discussions.audience import Audience, audience_for
from discussions.models import Comment, Kind
from discussions.notes.selectors import attach_notes
from discussions.posting_keys import post_once

from .forms import CommentForm, ThreadForm
from .fragments import prefetching
from .page import (
    READING,
    announce,
    apply_group_filter,
    comment_url,
    page_context,
    reading_url,
    render_comment,
)
from .phrases import phrase_threads
from .services import (
    comment_create,
    comment_edit,
    comment_endorse_toggle,
    comment_withdraw,
    reaction_toggle,
)
from .threads import (
    ALL_PARAGRAPHS,
    Discussion,
    mark_phrases,
    paragraph_threads_page,
    seen_with_count,
    thread_page_number,
)

COMMENT_FORM = "discussions/reading/comment_form.html"


def _number(request: HttpRequest, name: str) -> int | None:
    """A positive whole number from the query string (ids, page numbers), else None."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 and int(value) > 0 else None


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("type", "")
    return kind if kind in Kind.values else ""


@access_rule(MEMBER)
@require_GET
def reading(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for_member(request.user, slug, assignment_id)
    version = request.GET.get("version", "")
    if version.isdecimal() and len(version) <= 9:
        # Exports made before versions had their own page name them as ?version=N.
        return redirect("discussions:reading_version", slug, assignment_id, int(version))
    audience = audience_for(request.user, assignment)
    groups = apply_group_filter(request, audience)
    show_all = request.GET.get("all") == "1"
    opened = None if show_all else _number(request, "open")
    kind = _kind(request)
    page = _number(request, "page") or 1
    thread = _number(request, "thread")
    if opened and thread and "page" not in request.GET:
        # A link to a comment names its thread: open the page of threads that holds it.
        page = thread_page_number(audience, opened, thread)
    scope = ALL_PARAGRAPHS if show_all else opened
    discussion = Discussion(
        audience, scope=scope, kind=kind, page=page if opened else 1, counted=True
    )
    paragraphs = discussion.prepare_all()
    for paragraph in paragraphs:
        paragraph.is_open = show_all or paragraph.pk == opened
    attach_notes(request.user, assignment, discussion.paragraph_map)
    context = page_context(
        audience,
        reading=assignment.reading,
        paragraphs=paragraphs,
        headings=[paragraph for paragraph in paragraphs if paragraph.is_heading],
        reading_prompts=discussion.reading_prompts,
        reading_threads=discussion.reading_threads,
        prompts=audience.prompts,
        removed_passages=discussion.removed_passages(),
        show_all=show_all,
        kind=kind,
        kind_label=Kind(kind).label if kind else "",
        page=discussion.page,
        groups=groups,
        can_manage=can_manage(request.user, assignment.course),
    )
    # The comments' HTML is named by the viewer's side of the page, not by who they are.
    with prefetching((request.get_full_path(), audience.is_staff, get_language())):
        return render(request, READING, context)


def discussion_response(request: HttpRequest, audience: Audience, paragraph, *, status=200):
    discussion = Discussion(audience, scope=paragraph.pk)
    discussion.prepare(paragraph)
    context = page_context(audience, paragraph=paragraph)
    return render(request, f"{READING}#discussion", context, status=status)


@access_rule(MEMBER)
@require_GET
def paragraph_discussion(
    request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int
) -> HttpResponse:
    assignment, paragraph = paragraph_for_member(request.user, slug, assignment_id, paragraph_id)
    if not request.htmx:
        return redirect(reading_url(assignment, paragraph_id=paragraph.pk, anchor=paragraph.anchor))
    audience = audience_for(request.user, assignment)
    apply_group_filter(request, audience)
    return discussion_response(request, audience, paragraph)


@access_rule(MEMBER)
@require_GET
def paragraph_threads(
    request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int
) -> HttpResponse:
    """A further page of a paragraph's threads ("Show more"), appended in place with htmx;
    without it, the reading opens at that page."""
    assignment, paragraph = paragraph_for_member(request.user, slug, assignment_id, paragraph_id)
    page = _number(request, "page") or 1
    kind = _kind(request)
    if not request.htmx:
        url = reading_url(
            assignment,
            paragraph_id=paragraph.pk,
            anchor=f"threads-{paragraph.pk}",
            page=page,
            type=kind,
            group=_number(request, "group"),
        )
        return redirect(url)
    audience = audience_for(request.user, assignment)
    apply_group_filter(request, audience)
    entries, paragraph.next_page = paragraph_threads_page(audience, paragraph.pk, page, kind=kind)
    context = page_context(audience, paragraph=paragraph, entries=entries, kind=kind, appended=True)
    return render(request, f"{READING}#thread-page", context)


def _form_failure(request, template_partial: str, context: dict) -> HttpResponse:
    if request.htmx:
        return render(request, f"{READING}#{template_partial}", context, status=422)
    return render(request, COMMENT_FORM, context, status=422)


@access_rule(MEMBER)
@require_POST
def thread_create(
    request: HttpRequest, slug: str, assignment_id: int, paragraph_id: int
) -> HttpResponse:
    assignment, paragraph = paragraph_for_member(request.user, slug, assignment_id, paragraph_id)
    audience = audience_for(request.user, assignment)
    form = ThreadForm(request.POST)
    posted = _post_comment(request, audience, form, paragraph=paragraph)
    if posted is not None:
        return posted
    context = page_context(audience, paragraph=paragraph, form=form, action="start")
    return _form_failure(request, "thread-form", context)


@access_rule(MEMBER)
@require_POST
def prompt_answer(request: HttpRequest, prompt_id: int) -> HttpResponse:
    prompt, audience = prompt_for_member(request.user, prompt_id)
    form = CommentForm(request.POST)
    posted = _post_comment(request, audience, form, prompt=prompt)
    if posted is not None:
        return posted
    context = page_context(audience, prompt=prompt, form=form, action="answer")
    return _form_failure(request, "answer-form", context)


def _post_comment(request: HttpRequest, audience: Audience, form: CommentForm, **where):
    """Post a thread, an answer or a reply (`where` says which); None if the form has errors."""
    if not form.is_valid():
        return None
    if isinstance(form, ThreadForm):
        where["phrase"] = form.phrase()
    try:
        comment = post_once(
            request,
            "comment",
            lambda: comment_create(
                author=request.user,
                assignment=audience.assignment,
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
                **where,
            ),
        )
    except ValidationError as error:
        # An error about the quote names its field; every other is about what was written.
        form.add_error(None if hasattr(error, "error_dict") else "body", error)
        return None
    return _after_post(request, audience, comment)


def _add_paragraph_text(request, audience: Audience, response, paragraph, paragraph_map) -> None:
    """The paragraph's words with the phrases this person may now see, in place of the
    words on the page."""
    mark_phrases(paragraph_map, [paragraph], phrase_threads(audience))
    context = {"paragraph": paragraph, "text_out_of_band": True}
    response.content += render_to_string(f"{READING}#paragraph-text", context, request).encode()


def _after_post(request: HttpRequest, audience_before: Audience, comment: Comment):
    """Send the new comment where it belongs; if posting unlocked classmates' words, send
    the whole discussion so they appear in place."""
    if not request.htmx:
        return redirect(comment_url(comment))
    audience = audience_before.after_posting(comment)
    unlocked = audience_before.waits_in(comment.paragraph_id) or (
        comment.prompt_id in audience_before.locked_prompt_ids
    )
    paragraph = comment.paragraph
    if unlocked and paragraph is not None:
        response = discussion_response(request, audience, paragraph, status=201)
        # The count beside the paragraph now takes in the classmates' comments just shown.
        count = {"paragraph": paragraph, "comment": comment}
        response.content += render_to_string(f"{READING}#comment-count", count, request).encode()
        # Classmates' threads on phrases are now shown: so are their marks in the paragraph.
        paragraph_map = audience.assignment.reading.paragraph_map()
        _add_paragraph_text(request, audience, response, paragraph, paragraph_map)
        response = reswap(retarget(response, f"#discussion-{paragraph.pk}"), "innerHTML")
        return announce(response, comment, _("Comment posted. Your classmates' replies are shown."))
    if unlocked:
        return HttpResponse(status=201, headers={"HX-Refresh": "true"})
    if paragraph is None:
        fresh = audience.seen(comment.pk)
    else:
        paragraph_map = audience.assignment.reading.paragraph_map()
        fresh = seen_with_count(audience, paragraph_map, paragraph, comment.pk)
    # Posting checked that its thread takes replies.
    fresh.in_locked_thread = False
    context = page_context(audience, comment=fresh, paragraph=paragraph, prompt=comment.prompt)
    response = render(request, f"{READING}#new-comment", context, status=201)
    if comment.quote and fresh.is_visible:
        _add_paragraph_text(request, audience, response, paragraph, paragraph_map)
    if comment.parent_id:
        target = f"#replies-{comment.parent_id}"
    elif comment.prompt_id:
        target = f"#prompt-threads-{comment.prompt_id}"
    else:
        target = f"#threads-{paragraph.pk}"
    return announce(reswap(retarget(response, target), "beforeend"), comment, _("Comment posted."))


@access_rule(MEMBER)
@require_GET
def comment_detail(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, audience = comment_for_member(request.user, comment_id)
    if request.htmx:
        return render(request, f"{READING}#comment", page_context(audience, comment=comment))
    return redirect(comment_url(comment))


@access_rule(MEMBER)
@require_http_methods(["GET", "POST"])
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    if request.method == "POST":
        parent, audience = comment_to_answer(request.user, comment_id)
        form = CommentForm(request.POST)
        posted = _post_comment(request, audience, form, parent=parent)
        if posted is not None:
            return posted
        # The form goes back beside the comment it answers, as this person sees it.
        parent = audience.seen(parent.pk)
    else:
        parent, audience = comment_for_member(request.user, comment_id)
        form = CommentForm()
    status = 422 if request.method == "POST" else 200
    context = page_context(audience, form=form, parent=parent, comment=parent, action="reply")
    if request.htmx:
        return render(request, f"{READING}#reply-form", context, status=status)
    return render(request, COMMENT_FORM, context, status=status)


@access_rule(AUTHOR)
@require_http_methods(["GET", "POST"])
def comment_edit_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, audience = comment_for_member(request.user, comment_id)
    # Before reading the form, so someone else's comment is a 403 whatever was posted.
    ensure_can_change(comment, request.user)
    # An edit waiting for review is what its author goes on from.
    initial = {"body": comment.pending_body or comment.body, "kind": comment.kind}
    form = CommentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            comment = post_once(
                request,
                "comment",
                lambda: comment_edit(
                    comment=comment,
                    editor=request.user,
                    body=form.cleaned_data["body"],
                    kind=form.cleaned_data["kind"],
                ),
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            saved = _("Comment saved.")
            if comment.has_pending_edit:
                saved = _("Your edit waits for review; classmates see the earlier text.")
            if request.htmx:
                return render_comment(request, audience, comment, saved)
            return redirect(comment_url(comment))
    status = 422 if request.method == "POST" else 200
    context = page_context(audience, form=form, comment=comment, action="edit")
    if request.htmx:
        return render(request, f"{READING}#edit-form", context, status=status)
    return render(request, COMMENT_FORM, context, status=status)


@access_rule(AUTHOR)
@require_http_methods(["GET", "POST"])
def comment_withdraw_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, audience = comment_for_member(request.user, comment_id)
    if request.method == "POST":
        comment = comment_withdraw(comment=comment, author=request.user)
        if request.htmx:
            return render_comment(request, audience, comment, _("Comment withdrawn."))
        return redirect(comment_url(comment))
    ensure_can_change(comment, request.user)
    context = page_context(audience, comment=comment, action="withdraw")
    return render(request, COMMENT_FORM, context)


def _comment_toggle(
    request: HttpRequest, comment: Comment, audience: Audience, toggle, message: str
) -> HttpResponse:
    toggle(comment)
    if request.htmx:
        return render_comment(request, audience, comment, message)
    return redirect(comment_url(comment))


@access_rule(MEMBER)
@require_POST
def comment_helpful(request: HttpRequest, comment_id: int) -> HttpResponse:
    def toggle(comment):
        reaction_toggle(comment=comment, user=request.user)

    comment, audience = comment_for_member(request.user, comment_id)
    return _comment_toggle(request, comment, audience, toggle, _("Helpful mark updated."))


@access_rule(STAFF)
@require_POST
def comment_endorse(request: HttpRequest, comment_id: int) -> HttpResponse:
    def toggle(comment):
        comment_endorse_toggle(comment=comment, moderator=request.user)

    comment, audience = comment_for_staff(request.user, comment_id)
    return _comment_toggle(request, comment, audience, toggle, _("Endorsement updated."))
