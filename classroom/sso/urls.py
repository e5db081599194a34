"""School sign-in (OpenID Connect) under /accounts/sso/; every address is a 404 while it is off."""

from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("link/", views.link, name="link"),
]
