"""Colloquy inside an LMS's iframe: partitioned cookies, and a frame-ancestors list naming the
registered platforms for LTI pages while every other page still refuses to be framed."""

from http.cookies import Morsel
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import Platform

# The session remembers which platform an LTI session came from (its primary key).
LMS_SESSION_PLATFORM = "lti_platform"


class PartitionedMorsel(Morsel):
    """A cookie with the `Partitioned` attribute (CHIPS), which Python 3.13's http.cookies
    cannot write: Chromium keeps third-party cookies only when they are partitioned by the
    top-level site, here the LMS."""

    def OutputString(self, attrs=None) -> str:
        return super().OutputString(attrs) + "; Partitioned"


def partition_cookie(response: HttpResponse, name: str) -> None:
    morsel = response.cookies.get(name)
    if morsel is None or isinstance(morsel, PartitionedMorsel):
        return
    partitioned = PartitionedMorsel()
    partitioned.update(morsel)
    partitioned.set(morsel.key, morsel.value, morsel.coded_value)
    response.cookies[name] = partitioned


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def frame_origins(platform: Platform) -> list[str]:
    """Where the platform shows Colloquy: the origins a site admin listed, else those of its
    issuer and authorization URL."""
    listed = [origin_of(line.strip()) for line in platform.frame_origins.splitlines()]
    origins = [origin for origin in listed if origin != "://"] or [
        origin_of(platform.issuer),
        origin_of(platform.authorization_url),
    ]
    return list(dict.fromkeys(origins))


def confirmed_platforms_origins() -> list[str]:
    """For the login and launch pages before the platform is known or trusted."""
    origins = []
    for platform in Platform.objects.filter(confirmed_at__isnull=False):
        origins.extend(frame_origins(platform))
    return list(dict.fromkeys(origins))


def framed_by(response: HttpResponse, platform: Platform | None) -> HttpResponse:
    """Let the platform (or, when none is known yet, the confirmed platforms) frame this
    login or launch response."""
    response.lms_frame_origins = (
        frame_origins(platform) if platform is not None else confirmed_platforms_origins()
    )
    return response


class LmsFrameMiddleware:
    """Between the CSP middleware and the session middleware: its response step runs after
    sessions, CSRF and X-Frame-Options have done theirs, and before the CSP header is built.

    The session and CSRF cookies are partitioned on every response, not only in LTI sessions:
    at the top level a partitioned cookie is keyed by Colloquy's own site and so behaves as
    before, and one rule for all responses keeps a session started in the LMS and one started
    in a tab from ever meeting half-configured cookies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.LMS_FRAME_COOKIES:  # browsers refuse a Partitioned cookie that is not Secure
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                partition_cookie(response, name)
        origins = getattr(response, "lms_frame_origins", None)
        if origins is None:
            origins = self.session_platform_origins(request)
        policy = getattr(response, "_csp_config", settings.SECURE_CSP)
        # On top of what the view set for its page (the deep-linking answer posts to the LMS);
        # a page that chose its own framers (registration, framed by any LMS) keeps them.
        if origins and policy.get("frame-ancestors") == settings.SECURE_CSP["frame-ancestors"]:
            response._csp_config = policy | {"frame-ancestors": origins}
            del response["X-Frame-Options"]
        return response

    @staticmethod
    def session_platform_origins(request: HttpRequest) -> list[str]:
        session = getattr(request, "session", None)
        platform_id = session.get(LMS_SESSION_PLATFORM) if session is not None else None
        if platform_id is None:
            return []
        platform = Platform.objects.filter(pk=platform_id, confirmed_at__isnull=False).first()
        return frame_origins(platform) if platform is not None else []
