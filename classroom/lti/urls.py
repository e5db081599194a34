"""Colloquy's LTI addresses, named `lti:<name>`: what a platform is given and calls."""

from django.urls import path

from . import configuration_views, registration_views

app_name = "lti"

urlpatterns = [
    path("jwks.json", configuration_views.jwks, name="jwks"),
    path("canvas.json", configuration_views.canvas_config, name="canvas-config"),
    path("register/", registration_views.register, name="register"),
    # The launch's own views take these names when it lands.
    path("login/", configuration_views.launch_not_here_yet, name="login"),
    path("launch/", configuration_views.launch_not_here_yet, name="launch"),
]
