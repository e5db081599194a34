from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/downloads/", views.downloads, name="downloads"),
    path(
        "c/<slug:slug>/discussion.<slug:file_format>",
        views.course_discussion_export,
        name="course_discussion_export",
    ),
    path(
        "c/<slug:slug>/my-comments.<slug:file_format>",
        views.own_comments_export,
        name="own_comments_export",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/discussion.<slug:file_format>",
        views.assignment_discussion_export,
        name="assignment_discussion_export",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/annotations/",
        views.annotation_container,
        name="annotation_container",
    ),
]
