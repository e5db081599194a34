from django.urls import path

from . import audit_views, live_views, moderation_views, participation_views, views

app_name = "discussions"

urlpatterns = [
    path("c/<slug:slug>/a/<id:assignment_id>/", views.reading, name="reading"),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/p/<id:paragraph_id>/discussion/",
        views.paragraph_discussion,
        name="paragraph_discussion",
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
    path("c/<slug:slug>/a/<id:assignment_id>/prompts/new/", views.prompt_new, name="prompt_new"),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/",
        participation_views.participation,
        name="participation",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/grades.csv",
        participation_views.participation_csv,
        name="participation_csv",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/rubric/",
        participation_views.participation_rubric,
        name="participation_rubric",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/participation/students/<id:student_id>/",
        participation_views.participation_student,
        name="participation_student",
    ),
    path(
        "c/<slug:slug>/a/<id:assignment_id>/activity/",
        participation_views.activity,
        name="activity",
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
    # Moderation: flags, the review queue and its decisions, suspensions, notices.
    path("comments/<id:comment_id>/flag/", moderation_views.comment_flag_view, name="comment_flag"),
    path(
        "comments/<id:comment_id>/approve/",
        moderation_views.comment_approve_view,
        name="comment_approve",
    ),
    path("comments/<id:comment_id>/hide/", moderation_views.comment_hide_view, name="comment_hide"),
    path(
        "comments/<id:comment_id>/flags/dismiss/",
        moderation_views.flags_dismiss_view,
        name="flags_dismiss",
    ),
    path("comments/<id:comment_id>/lock/", moderation_views.thread_lock_view, name="thread_lock"),
    path("comments/<id:comment_id>/pin/", moderation_views.comment_pin_view, name="comment_pin"),
    path("c/<slug:slug>/moderation/", moderation_views.moderation_queue, name="moderation_queue"),
    path("moderation/", moderation_views.moderation_queue_all, name="moderation_queue_all"),
    path("c/<slug:slug>/suspensions/new/", moderation_views.suspension_new, name="suspension_new"),
    path(
        "c/<slug:slug>/suspensions/<id:suspension_id>/lift/",
        moderation_views.suspension_lift_view,
        name="suspension_lift",
    ),
    path("notices/", moderation_views.notices, name="notices"),
    path("notices/read/", moderation_views.notices_read, name="notices_read"),
    path("notices/<id:notice_id>/read/", moderation_views.notice_read, name="notice_read"),
    # The record and the rules: audit log, revision history, watched words.
    path("c/<slug:slug>/audit/", audit_views.audit, name="audit"),
    path("c/<slug:slug>/audit.csv", audit_views.audit_csv, name="audit_csv"),
    path("comments/<id:comment_id>/history/", audit_views.comment_history, name="comment_history"),
    path("c/<slug:slug>/watched-words/", audit_views.watched_words, name="watched_words"),
    path(
        "c/<slug:slug>/watched-words/<id:entry_id>/remove/",
        audit_views.watched_word_remove_view,
        name="watched_word_remove",
    ),
    path("watched-words/", audit_views.site_watched_words_view, name="site_watched_words"),
    path(
        "watched-words/<id:entry_id>/remove/",
        audit_views.site_watched_word_remove_view,
        name="site_watched_word_remove",
    ),
]
