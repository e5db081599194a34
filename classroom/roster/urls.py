from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/roster/", views.roster, name="roster"),
    path("c/<slug:slug>/roster.csv", views.roster_export, name="roster_export"),
    path("c/<slug:slug>/roster/lms-sync/", views.roster_lms_sync, name="roster_lms_sync"),
    path("c/<slug:slug>/roster/import/", views.class_list_upload, name="class_list_upload"),
    path(
        "c/<slug:slug>/roster/import/confirm/",
        views.class_list_confirm,
        name="class_list_confirm",
    ),
    path(
        "c/<slug:slug>/roster/<id:membership_id>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "c/<slug:slug>/roster/<id:membership_id>/student-id/",
        views.membership_student_number,
        name="membership_student_number",
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
]
