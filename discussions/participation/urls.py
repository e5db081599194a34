from django.urls import path

from . import views

urlpatterns = [
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/",
        views.participation,
        name="participation",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/grades.csv",
        views.participation_csv,
        name="participation_csv",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/rubric/",
        views.participation_rubric,
        name="participation_rubric",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/students/<id:student_id>/",
        views.participation_student,
        name="participation_student",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/students/<id:student_id>/override/",
        views.participation_override,
        name="participation_override",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/students/<id:student_id>/override/clear/",
        views.participation_override_clear,
        name="participation_override_clear",
    ),
    path("c/<slug:slug>/a/<id:assignment_id>/activity/", views.activity, name="activity"),
    path("c/<slug:slug>/gradebook/", views.gradebook, name="gradebook"),
    path("c/<slug:slug>/gradebook/grades.csv", views.gradebook_export, name="gradebook_export"),
]
