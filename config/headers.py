"""Headers every response owes the browser and the caches between: what varies, what may be
kept, which browser features Colloquy never asks for, and who may load it as a subresource."""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

# Features Colloquy never uses, refused for its pages and any frame they might hold. Only names
# Chromium knows: an unknown one is a console error on every page.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class WatchedHtmx:
    """request.htmx, noting whether anything (view, template, error handler) looked at it: a
    response that did may differ for htmx requests and must say so with Vary: HX-Request."""

    def __init__(self, details):
        self._details = details
        self.read = False

    def __bool__(self) -> bool:
        self.read = True
        return bool(self._details)

    def __getattr__(self, name):
        self.read = True
        return getattr(self._details, name)


class ResponseHeadersMiddleware:
    """Right after SecurityMiddleware, so static files (answered by WhiteNoise just inside it,
    with their own long-lived Cache-Control) get the policy headers too.

    - Vary: HX-Request on every response whose request had its htmx-ness read.
    - Cache-Control: private, no-store on every response to a signed-in person: on a shared
      classroom device, nothing they saw is kept to be shown by Back after they log out.
      Public pages and static files keep the caching they had.
    - Permissions-Policy refusing what Colloquy never uses.
    - Cross-Origin-Resource-Policy: same-origin, except for pages an LMS may frame (LTI), which
      say cross-origin so that an LMS that isolates itself (COEP) can still show them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if isinstance(htmx, WatchedHtmx) and htmx.read:
            patch_vary_headers(response, ["HX-Request"])
        if signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", resource_policy(response))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Views run after every middleware's request step, so django-htmx has set request.htmx.
        request.htmx = WatchedHtmx(request.htmx)


def signed_in(request) -> bool:
    """Whether the response went to someone signed in. A user never looked up (a public page
    that does not greet anyone, such as the LTI key set) is left unasked, which saves the
    session lookup: nothing in such a response depends on who asked."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return False
    return user is not None and user.is_authenticated


def resource_policy(response) -> str:
    framers = getattr(response, "_csp_config", settings.SECURE_CSP).get("frame-ancestors")
    own = settings.SECURE_CSP.get("frame-ancestors")
    return "same-origin" if framers == own else "cross-origin"
