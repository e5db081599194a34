"""Dynamic Registration as a person in the LMS sees it: the LMS opens Colloquy's registration
address, Colloquy asks to be registered, and on the button the registration goes to the LMS."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.access import PUBLIC, access_rule

from .registration import (
    DUPLICATE,
    platform_configuration_fetch,
    platform_register,
    site_admins_tell,
)
from .tool_configuration import ToolAddresses

SIGNING_SALT = "classroom.lti.registration"
# Long enough to read the page and press the button; a registration token lives about as long.
SIGNED_FOR_SECONDS = 60 * 60


def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    status = 409 if error.code == DUPLICATE else 400
    context = {"messages_list": error.messages}
    return render(request, "classroom/lti/registration_refused.html", context, status=status)


# The LMS shows registration in a frame of its own pages, whose origin (a school's LMS domain)
# need not be the configuration's (hosted Canvas serves that from canvas.instructure.com), so
# any site may frame these two pages. Pressing the button registers nothing a site admin has
# not yet to confirm.
#
# No CSRF cookie: in that cross-site frame the browser neither keeps nor sends Colloquy's
# SameSite=Lax cookies, so Django's check would refuse every real registration. The form
# carries instead a signed, hour-long copy of the parameters the page showed, and registering
# acts for nobody's session, so a forged request could do no more than anyone may by opening
# this address.
@access_rule(PUBLIC)
@csrf_exempt
@xframe_options_exempt
@csp_override(settings.SECURE_CSP | {"frame-ancestors": ["*"]})
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _register_confirmed(request)
    parameters = {
        "openid_configuration": request.GET.get("openid_configuration", "").strip(),
        "registration_token": request.GET.get("registration_token", "").strip(),
    }
    try:
        configuration = platform_configuration_fetch(
            url=parameters["openid_configuration"],
            registration_token=parameters["registration_token"],
        )
    except ValidationError as error:
        return _refused(request, error)
    context = {
        "configuration": configuration,
        "registration": signing.dumps(parameters, salt=SIGNING_SALT),
    }
    return render(request, "classroom/lti/register.html", context)


def _register_confirmed(request: HttpRequest) -> HttpResponse:
    try:
        parameters = signing.loads(
            request.POST.get("registration", ""), salt=SIGNING_SALT, max_age=SIGNED_FOR_SECONDS
        )
    except signing.BadSignature:
        expired = ValidationError(
            _("This registration page has expired. Start the registration again from your LMS.")
        )
        return _refused(request, expired)
    token = parameters["registration_token"]
    try:
        configuration = platform_configuration_fetch(
            url=parameters["openid_configuration"], registration_token=token
        )
        platform = platform_register(
            configuration=configuration,
            registration_token=token,
            tool=ToolAddresses.for_request(request),
        )
    except ValidationError as error:
        return _refused(request, error)
    confirm_url = reverse("admin:classroom_platform_change", args=[platform.pk])
    site_admins_tell(platform=platform, confirm_url=request.build_absolute_uri(confirm_url))
    return render(request, "classroom/lti/registered.html", {"platform": platform})
