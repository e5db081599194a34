"""Sign-up, account settings, and Django's own login, logout and password views, each routed
here with the access rule it answers to."""

from django.contrib.auth import views as auth_views
from django.urls import path

from articles.access import PUBLIC, SIGNED_IN, access_rule

from . import views


def _auth_view(rule, view_class):
    return access_rule(rule)(view_class.as_view())


urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("settings/", views.account_settings, name="account_settings"),
    path("login/", _auth_view(PUBLIC, auth_views.LoginView), name="login"),
    path("logout/", _auth_view(SIGNED_IN, auth_views.LogoutView), name="logout"),
    path(
        "password_change/",
        _auth_view(SIGNED_IN, auth_views.PasswordChangeView),
        name="password_change",
    ),
    path(
        "password_change/done/",
        _auth_view(SIGNED_IN, auth_views.PasswordChangeDoneView),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        _auth_view(PUBLIC, auth_views.PasswordResetView),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        _auth_view(PUBLIC, auth_views.PasswordResetDoneView),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        _auth_view(PUBLIC, auth_views.PasswordResetConfirmView),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        _auth_view(PUBLIC, auth_views.PasswordResetCompleteView),
        name="password_reset_complete",
    ),
]
