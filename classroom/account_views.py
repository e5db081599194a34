"""A person's own account settings: name, language and the daily e-mail."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.access import SIGNED_IN, access_rule

from .account_forms import AccountSettingsForm


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("account_settings")
    status = 422 if request.method == "POST" else 200
    return render(request, "classroom/account_settings.html", {"form": form}, status=status)
