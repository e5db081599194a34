from django.urls import path

from . import views

urlpatterns = [
    path(
        "c/<slug:slug>/a/<id:assignment_id>/p/<id:paragraph_id>/notes/",
        views.note_new,
        name="note_new",
    ),
    path("c/<slug:slug>/a/<id:assignment_id>/notes/", views.my_notes, name="my_notes"),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/notes.md",
        views.my_notes_markdown,
        name="my_notes_markdown",
    ),
    path("c/<slug:slug>/a/<id:assignment_id>/notes.csv", views.my_notes_csv, name="my_notes_csv"),
    path("notes/<id:note_id>/", views.note_detail, name="note"),
    path("notes/<id:note_id>/edit/", views.note_edit_view, name="note_edit"),
    path("notes/<id:note_id>/delete/", views.note_delete_view, name="note_delete"),
]
