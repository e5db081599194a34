from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/invite/", views.course_invite, name="course_invite"),
]
