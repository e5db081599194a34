"""Where to send someone back to after a form: the ?next= address, if it stays on this site."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_on_this_site(request: HttpRequest, url: str) -> bool:
    """Whether redirecting to `url` keeps the person on this site (no open redirect)."""
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next_url(request: HttpRequest) -> str:
    """The `next` address posted with the form or given in the query string, only if it
    stays on this site; "" otherwise."""
    target = request.POST.get("next") or request.GET.get("next", "")
    return target if is_on_this_site(request, target) else ""


def with_query(url: str, **params) -> str:
    """`url` with `params` added to its query string (after any it already has)."""
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode(params)]))
    return urlunsplit(parts._replace(query=query))
