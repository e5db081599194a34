"""LMS addresses, named `lms:<name>`: the grades sent to an LMS and the Deep Linking picker."""

from django.urls import path

from . import views

app_name = "lms"

urlpatterns = [
    path("c/<slug:slug>/a/<id:assignment_id>/lms-grades/", views.lms_grades, name="grades"),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/lms-grades/send/",
        views.lms_grades_send,
        name="grades_send",
    ),
    path("lti/deep-linking/<str:launch_id>/", views.deep_linking, name="deep-linking"),
]
