from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/assignments/new/", views.assignment_new, name="assignment_new"),
    path(
        "c/<slug:slug>/assignments/<id:assignment_id>/edit/",
        views.assignment_edit,
        name="assignment_edit",
    ),
]
