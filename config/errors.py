"""The page for an error no view or middleware handled: 503 "try again in a moment" while the
database is out of reach (restarting, failing over), Django's plain 500 page otherwise."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

# Long enough for PostgreSQL to restart; clients and proxies that honour it wait this long.
RETRY_AFTER_SECONDS = 5


def server_error(request):
    # Django calls the 500 handler inside its `except` block, so the error is still at hand.
    # A handler rather than a middleware: most requests first meet the database in middleware
    # (the session, the signed-in person's language), where process_exception never looks.
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    # Rendered without the request, whose context processors would ask the database again.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
