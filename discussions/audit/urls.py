from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/audit/", views.audit, name="audit"),
    path("c/<slug:slug>/audit.csv", views.audit_csv, name="audit_csv"),
    path("comments/<id:comment_id>/history/", views.comment_history, name="comment_history"),
]
