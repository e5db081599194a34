"""Signing up, and a person's own account settings: name, language and the daily e-mail."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.access import PUBLIC, SIGNED_IN, access_rule
from articles.navigation import safe_next_url

from .email_change import (
    email_change_apply,
    email_change_request,
    ensure_address_free,
    ensure_change_applies,
    read_email_change_token,
)
from .forms import (
    AccountDeleteForm,
    AccountSettingsForm,
    EmailChangeForm,
    FirstPasswordResetForm,
    SignUpForm,
)
from .services import account_delete, account_deletion_refusal, account_update, user_sign_up

# What logging out asks the browser to forget for this site: its stored data (anything a page
# kept, a draft included) and its cache, the pages Back would show again among them. The
# session cookie goes by the logout itself.
CLEAR_ON_LOGOUT = '"cache", "storage"'


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
        next_url = safe_next_url(request)
        if next_url:
            messages.success(request, _("Welcome to Colloquy!"))
            return redirect(next_url)
        if user.can_teach:
            welcome = _("Welcome to Colloquy! Start a course below, or join one with its code.")
        else:
            welcome = _("Welcome to Colloquy! Join a course with your code.")
        messages.success(request, welcome)
        return redirect("classroom:home")
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
    context = {"form": form, "email_form": EmailChangeForm()}
    return render(request, "classroom/accounts/account_settings.html", context, status=status)


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    """Ask for a new address: a confirmation link goes to it, a heads-up to the old one."""
    form = EmailChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["email"]
        try:
            ensure_address_free(new, user=request.user)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            email_change_request(user=request.user, new=new)
            messages.success(
                request,
                _("We sent a link to %(email)s. Your address changes once you open it.")
                % {"email": new},
            )
            return redirect("account_settings")
    status = 422 if request.method == "POST" else 200
    context = {"email_form": form}
    return render(request, "classroom/accounts/email_change.html", context, status=status)


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link would do and a button; only POST changes the address, so a
    mail scanner or link preview that opens the link changes nothing."""
    template = "classroom/accounts/email_change_confirm.html"
    try:
        change = read_email_change_token(token)
        if request.method == "POST":
            email_change_apply(user=request.user, change=change)
        else:
            ensure_change_applies(request.user, change)
    except ValidationError as error:
        return render(request, template, {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        messages.success(
            request, _("Your e-mail address is now %(email)s.") % {"email": change.new}
        )
        return redirect("account_settings")
    return render(request, template, {"change": change})


@access_rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def account_delete_page(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.user, request.POST if request.method == "POST" else None)
    refusal = account_deletion_refusal(request.user)
    if request.method == "POST" and form.is_valid() and not refusal:
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted. Your comments now say so."))
        response = redirect("login")
        response["Clear-Site-Data"] = CLEAR_ON_LOGOUT
        return response
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "refusal": refusal}
    return render(request, "classroom/accounts/account_delete.html", context, status=status)


class PasswordResetView(auth.PasswordResetView):
    """Django's page, which also sends a first-password link to an account made from a class
    list whose link expired or never arrived."""

    form_class = FirstPasswordResetForm


class LogoutView(auth.LogoutView):
    """Django's logout, which also has the browser forget what it kept for this site: on a
    shared classroom device the next person must not find the last one's pages or drafts."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_ON_LOGOUT
        return response
