"""Colloquy's LTI addresses, named `lti:<name>`: what a platform is given and calls."""

from django.urls import path

from . import configuration_views, launch_views, registration_views

app_name = "lti"

urlpatterns = [
    path("jwks.json", configuration_views.jwks, name="jwks"),
    path("canvas.json", configuration_views.canvas_config, name="canvas-config"),
    path("register/", registration_views.register, name="register"),
    path("login/", launch_views.login, name="login"),
    path("launch/", launch_views.launch, name="launch"),
    path("launch/verify/", launch_views.launch_verify, name="launch-verify"),
    path("own-tab/<str:token>/", launch_views.own_tab, name="own-tab"),
    path("launches/<str:launch_id>/course/", launch_views.course_setup, name="course-setup"),
    path(
        "launches/<str:launch_id>/account/",
        launch_views.account_connect,
        name="account-connect",
    ),
    path(
        "launches/<str:launch_id>/assignment/",
        launch_views.assignment_choice,
        name="assignment-choice",
    ),
]
