"""A teacher invites people to a course by e-mail, from the roster."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from articles.access import access_rule
from classroom.access import MANAGER, course_for_manager

from .forms import InvitationForm
from .services import InvitationLimitReached, InvitationOutcome, invitations_send

INVITE = "classroom/invitations/invite.html"


@access_rule(MANAGER)
@require_http_methods(["GET", "POST"])
def course_invite(request: HttpRequest, slug: str) -> HttpResponse:
    course = course_for_manager(request.user, slug)
    form = InvitationForm(request.POST or None)
    if request.method != "POST":
        return render(request, INVITE, {"course": course, "form": form})
    if not form.is_valid():
        return render(request, INVITE, {"course": course, "form": form}, status=422)
    try:
        outcome = invitations_send(
            course=course, inviter=request.user, addresses=form.cleaned_data["addresses"]
        )
    except InvitationLimitReached as limit:
        form.add_error("addresses", limit)
        return render(request, INVITE, {"course": course, "form": form}, status=429)
    outcome.refused = [(address, _("not an e-mail address")) for address in form.malformed] + (
        outcome.refused
    )
    if not outcome.refused:
        messages.success(request, _sent_message(outcome))
        return redirect("classroom:roster", slug=course.slug)
    # What was refused goes back in the box to be corrected; nothing typed is lost.
    refused = "\n".join(address for address, _reason in outcome.refused)
    retry = InvitationForm(initial={"addresses": refused})
    context = {"course": course, "form": retry, "outcome": outcome}
    return render(request, INVITE, context, status=200 if outcome.sent else 422)


def _sent_message(outcome: InvitationOutcome) -> str:
    count = len(outcome.sent)
    return ngettext(
        "Sent %(count)d invitation: %(addresses)s.",
        "Sent %(count)d invitations: %(addresses)s.",
        count,
    ) % {"count": count, "addresses": ", ".join(outcome.sent)}
