"""Signing up, and a person's own account settings: name, language and the daily e-mail."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.access import PUBLIC, SIGNED_IN, access_rule
from classroom.navigation import safe_next_url

from .forms import AccountDeleteForm, AccountSettingsForm, SignUpForm
from .services import account_delete, account_deletion_refusal, account_update, user_sign_up


@access_rule(PUBLIC)
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("classroom:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_sign_up(
            username=form.cleaned_data["username"],
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Colloquy! Join a course with your code."))
        return redirect(safe_next_url(request) or "classroom:home")
    return render(request, "registration/signup.html", {"form": form})


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if request.method == "POST" and form.is_valid():
        account_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your settings are saved."))
        return redirect("account_settings")
    status = 422 if request.method == "POST" else 200
    context = {"form": form}
    return render(request, "classroom/accounts/account_settings.html", context, status=status)


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def account_delete_page(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.user, request.POST if request.method == "POST" else None)
    refusal = account_deletion_refusal(request.user)
    if request.method == "POST" and form.is_valid() and not refusal:
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted. Your comments now say so."))
        return redirect("login")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "refusal": refusal}
    return render(request, "classroom/accounts/account_delete.html", context, status=status)
