"""Sign-up, account settings, and Django's own login, logout and password views."""

from django.urls import include, path

from . import account_views, views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("settings/", account_views.account_settings, name="account_settings"),
    path("", include("django.contrib.auth.urls")),
]
