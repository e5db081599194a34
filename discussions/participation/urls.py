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
    path("c/<slug:slug>/a/<id:assignment_id>/activity/", views.activity, name="activity"),
]
