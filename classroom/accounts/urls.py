"""Sign-up, account settings, school sign-in (classroom/sso), and Django's own login, logout and
password views, each routed here with the access rule it answers to."""

from django.contrib.auth import views as auth
from django.urls import include, path

from articles.access import PUBLIC, SIGNED_IN, access_rule

from . import views

# Django's account pages: (address, rule, view, name).
DJANGO_ACCOUNT_PAGES = [
    ("login/", PUBLIC, auth.LoginView, "login"),
    ("logout/", SIGNED_IN, views.LogoutView, "logout"),
    ("password_change/", SIGNED_IN, auth.PasswordChangeView, "password_change"),
    ("password_change/done/", SIGNED_IN, auth.PasswordChangeDoneView, "password_change_done"),
    ("password_reset/", PUBLIC, views.PasswordResetView, "password_reset"),
    ("password_reset/done/", PUBLIC, auth.PasswordResetDoneView, "password_reset_done"),
    ("reset/<uidb64>/<token>/", PUBLIC, auth.PasswordResetConfirmView, "password_reset_confirm"),
    ("reset/done/", PUBLIC, auth.PasswordResetCompleteView, "password_reset_complete"),
]

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("settings/", views.account_settings, name="account_settings"),
    path("delete/", views.account_delete_page, name="account_delete"),
    path("email/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("sso/", include("classroom.sso.urls")),
    *(
        path(route, access_rule(rule)(view_class.as_view()), name=name)
        for route, rule, view_class, name in DJANGO_ACCOUNT_PAGES
    ),
]
