from django.urls import path

from . import live_views, prompt_views, version_views, views

urlpatterns = [
    path("c/<slug:slug>/a/<id:assignment_id>/", views.reading, name="reading"),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/versions/<id:number>/",
        version_views.reading_version,
        name="reading_version",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/p/<id:paragraph_id>/discussion/",
        views.paragraph_discussion,
        name="paragraph_discussion",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/p/<id:paragraph_id>/threads/",
        views.paragraph_threads,
        name="paragraph_threads",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/p/<id:paragraph_id>/discussion/updates/",
        live_views.discussion_updates,
        name="discussion_updates",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/p/<id:paragraph_id>/comments/",
        views.thread_create,
        name="thread_create",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/prompts/new/",
        prompt_views.prompt_new,
        name="prompt_new",
    ),
    path("prompts/<id:prompt_id>/edit/", prompt_views.prompt_edit_view, name="prompt_edit"),
    path(
        "prompts/<id:prompt_id>/withdraw/",
        prompt_views.prompt_withdraw_view,
        name="prompt_withdraw",
    ),
    path("prompts/<id:prompt_id>/answers/", views.prompt_answer, name="prompt_answer"),
    path("comments/<id:comment_id>/", views.comment_detail, name="comment"),
    path("comments/<id:comment_id>/helpful/", views.comment_helpful, name="comment_helpful"),
    path("comments/<id:comment_id>/endorse/", views.comment_endorse, name="comment_endorse"),
    path("comments/<id:comment_id>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<id:comment_id>/edit/", views.comment_edit_view, name="comment_edit"),
    path(
        "comments/<id:comment_id>/withdraw/", views.comment_withdraw_view, name="comment_withdraw"
    ),
]
