"""A person's notices: the list, newest first, and marking one or all of them read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from articles.access import PUBLIC, SIGNED_IN, access_rule
from articles.navigation import is_on_this_site
from discussions.models import Notice

from .services import notice_mark_read, notices_mark_read
from .unsubscribe import BadUnsubscribeLink, daily_email_stop, unsubscriber

NOTICES = "discussions/notifications/notices.html"
UNSUBSCRIBE = "discussions/notifications/unsubscribe.html"
NOTICES_PAGE_SIZE = 30


def _own_notices(request: HttpRequest):
    return Notice.objects.for_user(request.user).with_time_zone()


def _notices_page(request: HttpRequest, number) -> dict:
    page = Paginator(_own_notices(request), NOTICES_PAGE_SIZE).get_page(number)
    return {"page": page, "notices": list(page.object_list)}


def _notices_url(request: HttpRequest) -> str:
    number = request.POST.get("page", "")
    url = reverse("discussions:notices")
    return f"{url}?page={number}" if number.isdigit() and number != "1" else url


def _with_unread_count(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Redraw the navigation's unread count beside the swapped fragment."""
    response.content += render_to_string("base.html#notices-link", {"oob": True}, request).encode()
    return response


@access_rule(SIGNED_IN)
@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    """A person's notices, newest first, unread ones marked New until they mark them read."""
    return render(request, NOTICES, _notices_page(request, request.GET.get("page")))


@access_rule(SIGNED_IN)
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(_own_notices(request), pk=notice_id)
    notice = notice_mark_read(notice=notice)
    if not request.htmx:
        return redirect(_notices_url(request))
    response = render(request, f"{NOTICES}#notice", {"notice": notice})
    message = _("Marked as read.")
    response = trigger_client_event(
        response,
        "colloquy:notice",
        {"id": f"notice-{notice.pk}", "message": message},
        after="settle",
    )
    return _with_unread_count(request, response)


@access_rule(SIGNED_IN)
@require_POST
def notice_open(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Go where a notice points, marking it read on the way. A POST, so a browser's prefetch
    or a link preview never marks anything read; only the notice's owner finds it."""
    notice = get_object_or_404(Notice.objects.for_user(request.user), pk=notice_id)
    notice_mark_read(notice=notice)
    on_this_site = notice.url and is_on_this_site(request, notice.url)
    return redirect(notice.url if on_this_site else _notices_url(request))


@access_rule(SIGNED_IN)
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    marked = notices_mark_read(user=request.user)
    text = ngettext(
        "Marked %(count)d notice as read.", "Marked %(count)d notices as read.", marked
    ) % {"count": marked}
    if not request.htmx:
        messages.success(request, text)
        return redirect(_notices_url(request))
    response = render(
        request, f"{NOTICES}#notices-content", _notices_page(request, request.POST.get("page"))
    )
    response = trigger_client_event(
        response, "colloquy:notice", {"id": "notices-heading", "message": text}, after="settle"
    )
    return _with_unread_count(request, response)


# A mail client's one-click POST (RFC 8058) carries no CSRF token: the signed token in the
# address is what authorises it, and all it can do is turn one person's e-mail off.
@access_rule(PUBLIC)
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person = unsubscriber(token)
    except BadUnsubscribeLink as bad:
        message = (
            _("This unsubscribe link has expired. Turn off the daily e-mail in your settings.")
            if bad.expired
            else _(
                "This unsubscribe link is not valid. Turn off the daily e-mail in your settings."
            )
        )
        return render(request, UNSUBSCRIBE, {"problem": message}, status=400)
    if request.method == "POST":
        daily_email_stop(user=person)
        return render(request, UNSUBSCRIBE, {"done": True})
    return render(request, UNSUBSCRIBE, {"done": False})
