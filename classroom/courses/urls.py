from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/new/", views.course_new, name="course_new"),
    path("join/", views.join, name="join"),
    path("join/<str:join_code>/", views.join_link, name="join_link"),
    path("c/<slug:slug>/", views.course_detail, name="course"),
    path("c/<slug:slug>/join-code/rotate/", views.join_code_rotate, name="join_code_rotate"),
    path("c/<slug:slug>/settings/", views.course_settings, name="course_settings"),
]
