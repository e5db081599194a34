from django.urls import path

from . import views

app_name = "classroom"

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/new/", views.course_new, name="course_new"),
    path("join/", views.join, name="join"),
    path("join/<str:join_code>/", views.join_link, name="join_link"),
    path("c/<slug:slug>/", views.course_detail, name="course"),
    path("c/<slug:slug>/roster/", views.roster, name="roster"),
    path("c/<slug:slug>/join-code/rotate/", views.join_code_rotate, name="join_code_rotate"),
    path(
        "c/<slug:slug>/roster/<id:membership_id>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "c/<slug:slug>/roster/<id:membership_id>/remove/",
        views.membership_remove_view,
        name="membership_remove",
    ),
    path(
        "c/<slug:slug>/roster/<id:membership_id>/restore/",
        views.membership_restore_view,
        name="membership_restore",
    ),
    path("c/<slug:slug>/settings/", views.course_settings, name="course_settings"),
    path("c/<slug:slug>/assignments/new/", views.assignment_new, name="assignment_new"),
    path(
        "c/<slug:slug>/assignments/<id:assignment_id>/edit/",
        views.assignment_edit,
        name="assignment_edit",
    ),
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
