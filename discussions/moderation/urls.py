from django.urls import path

from . import suspension_views, views, watched_word_views

urlpatterns = [
    path("comments/<id:comment_id>/flag/", views.comment_flag_view, name="comment_flag"),
    path("comments/<id:comment_id>/approve/", views.comment_approve_view, name="comment_approve"),
    path("comments/<id:comment_id>/hide/", views.comment_hide_view, name="comment_hide"),
    path("comments/<id:comment_id>/flags/dismiss/", views.flags_dismiss_view, name="flags_dismiss"),
    path("comments/<id:comment_id>/lock/", views.thread_lock_view, name="thread_lock"),
    path("comments/<id:comment_id>/pin/", views.comment_pin_view, name="comment_pin"),
    path("c/<slug:slug>/moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/", views.moderation_queue_all, name="moderation_queue_all"),
    path("c/<slug:slug>/suspensions/new/", suspension_views.suspension_new, name="suspension_new"),
    path(
        "c/<slug:slug>/suspensions/<id:suspension_id>/lift/",
        suspension_views.suspension_lift_view,
        name="suspension_lift",
    ),
    path("c/<slug:slug>/watched-words/", watched_word_views.watched_words, name="watched_words"),
    path(
        "c/<slug:slug>/watched-words/add/",
        watched_word_views.watched_word_add_view,
        name="watched_word_add",
    ),
    path(
        "c/<slug:slug>/watched-words/<id:entry_id>/remove/",
        watched_word_views.watched_word_remove_view,
        name="watched_word_remove",
    ),
    path(
        "watched-words/",
        watched_word_views.site_watched_words_view,
        name="site_watched_words",
    ),
    path(
        "watched-words/<id:entry_id>/remove/",
        watched_word_views.site_watched_word_remove_view,
        name="site_watched_word_remove",
    ),
]
