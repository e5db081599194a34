from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/groups/", views.group_list, name="groups"),
    path("c/<slug:slug>/groups/new/", views.group_create_view, name="group_create"),
    path("c/<slug:slug>/groups/split/", views.groups_split, name="groups_split"),
    path(
        "c/<slug:slug>/groups/<id:group_id>/rename/",
        views.group_rename_view,
        name="group_rename",
    ),
    path(
        "c/<slug:slug>/groups/<id:group_id>/delete/",
        views.group_delete_view,
        name="group_delete",
    ),
    path(
        "c/<slug:slug>/groups/members/<id:membership_id>/",
        views.group_assign_view,
        name="group_assign",
    ),
]
