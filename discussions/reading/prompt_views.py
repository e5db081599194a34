"""Staff pose, reword and withdraw prompts; inline with HTMX and as plain pages without JS."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from articles.access import access_rule
from articles.models import ParagraphKind
from classroom.access import STAFF, assignment_for
from discussions.access import prompt_for_staff
from discussions.audience import audience_for
from discussions.models import Prompt
from discussions.posting_keys import post_once

from .forms import PromptEditForm, PromptForm
from .page import READING, page_context, reading_url
from .services import prompt_create, prompt_edit, prompt_withdraw
from .views import discussion_response

PROMPT_FORM = "discussions/reading/prompt_form.html"


def _asked_paragraph(request: HttpRequest, form: PromptForm):
    """The paragraph a prompt form beside the text is for: the one its button (?p=) or its
    hidden field names, if that is a current paragraph of the reading."""
    wanted = (
        request.POST.get("paragraph", "") if request.method == "POST" else request.GET.get("p", "")
    )
    return form.paragraphs.get(int(wanted)) if wanted.isdigit() and len(wanted) < 19 else None


@access_rule(STAFF)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def prompt_new(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    """Staff pose a prompt on the whole reading or on one paragraph: from the button beside a
    paragraph (the form opens under it with HTMX) or on a page of its own."""
    assignment = assignment_for(request.user, slug, assignment_id, STAFF)
    paragraphs = list(assignment.reading.current_paragraphs().exclude(kind=ParagraphKind.HEADING))
    data = request.POST if request.method == "POST" else None
    form = PromptForm(data, paragraphs=paragraphs, initial={"paragraph": request.GET.get("p", "")})
    inline = request.htmx and _asked_paragraph(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            prompt = post_once(
                request,
                "prompt",
                lambda: prompt_create(
                    assignment=assignment,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    paragraph=form.cleaned_data["paragraph"],
                    post_first=form.cleaned_data["post_first"],
                ),
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if inline:
                audience = audience_for(request.user, assignment)
                return discussion_response(request, audience, prompt.paragraph)
            messages.success(request, _("Prompt posted."))
            paragraph_id = prompt.paragraph_id
            return redirect(
                reading_url(assignment, paragraph_id=paragraph_id, anchor=prompt.anchor)
            )
    status = 422 if request.method == "POST" else 200
    if inline:
        context = page_context(audience_for(request.user, assignment), paragraph=inline, form=form)
        return render(request, f"{READING}#prompt-form", context, status=status)
    context = {"assignment": assignment, "course": assignment.course, "form": form}
    response = render(request, "discussions/reading/prompt_new.html", context, status=status)
    if request.htmx:
        # The paragraph left the reading while the form was open: the whole form, with
        # what was written, takes the page so another place can be chosen.
        return reswap(retarget(response, "body"), "innerHTML")
    return response


def _place(prompt: Prompt):
    """The current paragraph the prompt sits on, or None for the whole reading."""
    return prompt.paragraph.current() if prompt.paragraph_id else None


def prompt_url(prompt: Prompt) -> str:
    place = _place(prompt)
    return reading_url(
        prompt.assignment, paragraph_id=place.pk if place else None, anchor=prompt.anchor
    )


@access_rule(STAFF)
@require_http_methods(["GET", "POST"])
def prompt_edit_view(request: HttpRequest, prompt_id: int) -> HttpResponse:
    prompt, audience = prompt_for_staff(request.user, prompt_id)
    data = request.POST if request.method == "POST" else None
    form = PromptEditForm(data, initial={"body": prompt.body})
    if request.method == "POST" and form.is_valid():
        try:
            body = form.cleaned_data["body"]
            prompt = post_once(
                request,
                "prompt",
                lambda: prompt_edit(prompt=prompt, editor=request.user, body=body),
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if request.htmx:
                context = page_context(audience, prompt=prompt)
                return render(request, f"{READING}#prompt-text", context)
            messages.success(request, _("Prompt saved."))
            return redirect(prompt_url(prompt))
    status = 422 if request.method == "POST" else 200
    context = page_context(audience, prompt=prompt, form=form, action="edit")
    if request.htmx:
        return render(request, f"{READING}#prompt-edit-form", context, status=status)
    return render(request, PROMPT_FORM, context, status=status)


@access_rule(STAFF)
@require_http_methods(["GET", "POST"])
def prompt_withdraw_view(request: HttpRequest, prompt_id: int) -> HttpResponse:
    prompt, audience = prompt_for_staff(request.user, prompt_id)
    if request.method == "GET":
        context = page_context(audience, prompt=prompt, action="withdraw")
        return render(request, PROMPT_FORM, context)
    place = _place(prompt)
    prompt_withdraw(prompt=prompt, moderator=request.user)
    message = _("Prompt withdrawn. Its answers stay on the page as ordinary threads.")
    if not request.htmx:
        messages.success(request, message)
        if place is None:
            return redirect(reading_url(prompt.assignment, paragraph_id=None, anchor="main"))
        return redirect(reading_url(prompt.assignment, paragraph_id=place.pk, anchor=place.anchor))
    if place is None:
        return HttpResponse(headers={"HX-Refresh": "true"})
    # The paragraph's discussion again, the answers now among its threads.
    fresh = discussion_response(request, audience_for(request.user, prompt.assignment), place)
    return reswap(retarget(fresh, f"#discussion-{place.pk}"), "innerHTML")
