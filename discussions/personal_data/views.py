"""Downloading one's own data from account settings."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from articles.access import SIGNED_IN, access_rule

from .archive import archive_filename, personal_data_archive


@access_rule(SIGNED_IN)
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        personal_data_archive(request.user),
        content_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{archive_filename(request.user)}"',
            "Cache-Control": "private, no-store",
        },
    )
