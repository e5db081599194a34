"""A login or launch Colloquy will not accept, and the page that says why in plain words."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .frames import framed_by
from .models import Platform


class LaunchRefused(Exception):
    """`message` is shown to the person as written (already translated)."""

    def __init__(self, message: str, *, status: int = 400, platform: Platform | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.platform = platform


def refusal_page(request: HttpRequest, refusal: LaunchRefused) -> HttpResponse:
    response = render(
        request,
        "classroom/lti/refused.html",
        {"message": refusal.message},
        status=refusal.status,
    )
    return framed_by(response, refusal.platform)
