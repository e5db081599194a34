from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.reading_list, name="list"),
    path("new/", views.reading_new, name="new"),
    path("<id:reading_id>/", views.reading_detail, name="detail"),
    path("<id:reading_id>/edit/", views.reading_edit, name="edit"),
]
