from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/search/", views.course_search, name="search"),
]
