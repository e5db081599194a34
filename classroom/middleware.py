"""Turn a service's ValidationError that no view caught into a clear 400 page."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


class ValidationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError):
            return None
        return render(request, "400.html", {"messages_list": exception.messages}, status=400)
