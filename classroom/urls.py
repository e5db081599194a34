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
    path("c/<slug:slug>/assignments/new/", views.assignment_new, name="assignment_new"),
]
