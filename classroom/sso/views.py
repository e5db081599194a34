"""Signing in with a school account: off to the issuer, back with a code, and, when a local
account already has the e-mail address, proving that account's password once to link them."""

import logging
from functools import wraps

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from articles.access import PUBLIC, access_rule
from articles.navigation import safe_next_url
from classroom.models import User

from .forms import LinkPasswordForm
from .issuer import (
    SignInUnavailable,
    issuer_endpoint,
    school_sign_in_enabled,
    school_sign_in_name,
)
from .services import AccountLinkNeeded, PendingLink, SignInRefused, identity_link

logger = logging.getLogger(__name__)

PENDING_LINK = "sso_pending_link"
# Where mozilla-django-oidc sends the person after signing in (it reads this session key).
NEXT_URL = "oidc_login_next"


def library_setting(name: str, *default):
    """mozilla-django-oidc's settings, with the client and the authorization endpoint taken
    from SSO_* and the issuer's discovery document."""
    if name == "OIDC_OP_AUTHORIZATION_ENDPOINT":
        return issuer_endpoint("authorization_endpoint")
    if name == "OIDC_RP_CLIENT_ID":
        return settings.SSO_CLIENT_ID
    return import_from_settings(name, *default)


class SchoolSignInStart(OIDCAuthenticationRequestView):
    get_settings = staticmethod(library_setting)

    def get(self, request):
        response = super().get(request)
        # The project's one rule for ?next=, rather than the library's own.
        request.session[NEXT_URL] = safe_next_url(request) or None
        return response


class SchoolSignInCallback(OIDCAuthenticationCallbackView):
    def login_failure(self):
        return sign_in_failed(self.request)


def when_school_sign_in_is_on(view):
    """Without SSO_ISSUER and its client, the school sign-in addresses do not exist."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not school_sign_in_enabled():
            raise Http404("School sign-in is off.")
        return view(request, *args, **kwargs)

    return guarded


def sign_in_failed(request: HttpRequest) -> HttpResponse:
    """A callback that cannot be honoured (no sign-in started in this browser, a used or
    altered link, a refusal at the issuer): nothing is created, the person may start again."""
    context = {"name": school_sign_in_name()}
    return render(request, "classroom/sso/failed.html", context, status=400)


def sign_in_unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "classroom/sso/unavailable.html", {"reason": reason}, status=503)


@access_rule(PUBLIC)
@when_school_sign_in_is_on
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(safe_next_url(request) or "classroom:home")
    try:
        return SchoolSignInStart.as_view()(request)
    except SignInUnavailable as error:
        return sign_in_unavailable(request, str(error))


@access_rule(PUBLIC)
@when_school_sign_in_is_on
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        return SchoolSignInCallback.as_view()(request)
    except AccountLinkNeeded as needed:
        request.session[PENDING_LINK] = needed.pending.as_session()
        return redirect("sso:link")
    except SignInRefused as refusal:
        return render(request, "classroom/sso/refused.html", {"reason": str(refusal)}, status=403)
    except SuspiciousOperation as error:
        # An unknown state, a nonce or signature that does not match: someone replayed or
        # altered the address. Logged like Django logs any suspicious request.
        logger.warning("School sign-in callback refused: %s", error)
        return sign_in_failed(request)
    except requests.HTTPError as error:
        # The issuer refused to trade the code: already used, expired, or not its own.
        logger.warning("The issuer refused the sign-in code: %s", error)
        return sign_in_failed(request)
    except (SignInUnavailable, requests.RequestException) as error:
        logger.warning("The issuer could not be reached: %s", error)
        reason = _("%(name)s can't be reached just now. Try again in a few minutes.") % {
            "name": school_sign_in_name()
        }
        return sign_in_unavailable(request, reason)


@access_rule(PUBLIC)
@when_school_sign_in_is_on
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    """The local account with the same e-mail proves its password once; from then on the
    school sign-in alone signs into it. Wrong passwords count towards the same lock-out as
    the log-in page (django-axes watches authenticate())."""
    stored = request.session.get(PENDING_LINK)
    if not stored:
        messages.info(request, _("Nothing is waiting to be linked. Sign in below."))
        return redirect("login")
    pending = PendingLink(**stored)
    account = User.objects.filter(pk=pending.user_id).first()
    if account is None:
        del request.session[PENDING_LINK]
        return sign_in_failed(request)
    form = LinkPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=account.username, password=form.cleaned_data["password"]
        )
        if user is not None:
            identity_link(user=user, pending=pending)
            next_url = request.session.get(NEXT_URL)
            login(request, user)
            request.session.pop(PENDING_LINK, None)
            messages.success(
                request,
                _("Your sign-in with %(name)s is linked to this account.")
                % {"name": school_sign_in_name()},
            )
            return redirect(next_url or "classroom:home")
        form.add_error("password", _("That password is not right. Nothing was linked."))
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "name": school_sign_in_name(),
        "has_password": account.has_usable_password(),
    }
    return render(request, "classroom/sso/link.html", context, status=status)
