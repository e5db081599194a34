"""Colloquy's own middleware: the signed-in person's language, and a clear 400 page for a
service's ValidationError that no view caught."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's Accept-Language.

    Runs after LocaleMiddleware (which picked the browser's language, or English) and
    AuthenticationMiddleware; a blank choice leaves the browser's language in place.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language in self.languages:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class ValidationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError):
            return None
        return render(request, "400.html", {"messages_list": exception.messages}, status=400)
