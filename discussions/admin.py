from django.contrib import admin

from .audit.erase_action import erase_text
from .models import (
    Comment,
    CommentRevision,
    Flag,
    GradeSend,
    ModerationAction,
    Notice,
    ParticipationRubric,
    Prompt,
    Pseudonym,
    Reaction,
    ScoreOverride,
    Suspension,
    WatchedWord,
)


class CommentRevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    readonly_fields = ("body", "edited_by", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ModerationActionInline(admin.TabularInline):
    model = ModerationAction
    extra = 0
    readonly_fields = ("actor", "kind", "reason", "from_status", "to_status", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened: shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(RecordAdmin):
    # Changes go through the site's services, which keep a revision or an audit row; comments
    # are never deleted: they change status and leave a record.
    list_display = (
        "pk",
        "author",
        "assignment",
        "paragraph",
        "depth",
        "status",
        "created_at",
        "edited_at",
    )
    list_filter = ("status", "kind", "assignment__course", "created_at")
    search_fields = ("body", "author__username", "author__display_name")
    raw_id_fields = (
        "assignment", "paragraph", "prompt", "group", "author", "parent", "reply_to",
        "thread_root", "endorsed_by",
    )  # fmt: skip
    readonly_fields = ("body_html",)
    inlines = [CommentRevisionInline, ModerationActionInline]
    actions = [erase_text]

    def has_erase_permission(self, request):
        return request.user.is_site_admin


@admin.register(CommentRevision)
class CommentRevisionAdmin(RecordAdmin):
    list_display = ("comment", "edited_by", "created_at")
    search_fields = ("body",)
    # Earlier wordings are the record of an edit: read-only, like the audit trail.
    raw_id_fields = ("comment", "edited_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(RecordAdmin):
    """The audit trail is read-only, here as everywhere."""

    list_display = ("created_at", "course", "kind", "actor", "subject", "from_status", "to_status")
    list_filter = ("kind", "to_status", "course", "created_at")
    search_fields = ("reason", "actor__username", "subject__username")
    raw_id_fields = ("course", "comment", "subject", "actor")


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ("__str__", "assignment", "paragraph", "author", "post_first", "created_at")
    list_filter = ("post_first", "assignment__course")
    search_fields = ("body", "author__username")
    raw_id_fields = ("assignment", "paragraph", "author")
    readonly_fields = ("body_html",)


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ("comment", "user", "created_at")
    search_fields = ("user__username",)
    raw_id_fields = ("comment", "user")


@admin.register(Pseudonym)
class PseudonymAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "assignment")
    list_filter = ("assignment__course",)
    search_fields = ("name", "user__username")
    raw_id_fields = ("assignment", "user")


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("comment", "reason", "flagger", "created_at", "resolved_at")
    list_filter = ("reason", ("resolved_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("note", "flagger__username")
    raw_id_fields = ("comment", "flagger", "resolved_by")


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ("phrase", "course", "whole_word", "action", "created_by")
    list_filter = ("action", "whole_word", ("course", admin.EmptyFieldListFilter))
    search_fields = ("phrase",)
    raw_id_fields = ("course", "created_by")


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "starts_at", "ends_at", "lifted_at", "created_by")
    list_filter = ("course", "ends_at")
    search_fields = ("user__username", "reason")
    raw_id_fields = ("course", "user", "created_by")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "__str__", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("text", "user__username")
    raw_id_fields = ("user", "comment", "assignment")


@admin.register(ParticipationRubric)
class ParticipationRubricAdmin(admin.ModelAdmin):
    list_display = ("assignment", "points_possible", "updated_by", "updated_at")
    list_filter = ("assignment__course",)
    search_fields = ("assignment__reading__title", "assignment__course__title")
    raw_id_fields = ("assignment", "updated_by")


@admin.register(ScoreOverride)
class ScoreOverrideAdmin(admin.ModelAdmin):
    list_display = ("student", "assignment", "score", "set_by", "set_at")
    list_filter = ("assignment__course",)
    search_fields = ("student__username", "reason", "assignment__reading__title")
    raw_id_fields = ("assignment", "student", "set_by")


@admin.register(GradeSend)
class GradeSendAdmin(admin.ModelAdmin):
    """What went to LMS gradebooks: a record, so it is read here, never written."""

    list_display = ("student", "assignment", "score", "outcome", "lms_status", "created_at")
    list_filter = ("outcome", "assignment__course")
    search_fields = ("student__username", "assignment__reading__title", "lms_answer")
    raw_id_fields = ("assignment", "student", "requested_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
