from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.reading_list, name="list"),
    path("new/", views.reading_new, name="new"),
    path("import/", views.reading_import, name="import"),
    path("<id:reading_id>/", views.reading_detail, name="detail"),
    path("<id:reading_id>/edit/", views.reading_edit, name="edit"),
    path("drafts/<id:draft_id>/", views.draft_preview, name="draft"),
    path("drafts/<id:draft_id>/discard/", views.discard_draft, name="draft_discard"),
]
