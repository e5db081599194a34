from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.notices_read, name="notices_read"),
    path("notices/<id:notice_id>/read/", views.notice_read, name="notice_read"),
    path("notices/<id:notice_id>/open/", views.notice_open, name="notice_open"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
