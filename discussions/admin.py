from django.contrib import admin

from .models import Comment, CommentRevision, ModerationAction, Prompt, Pseudonym, Reaction


class CommentRevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    readonly_fields = ("body", "edited_by", "created_at")
    can_delete = False


class ModerationActionInline(admin.TabularInline):
    model = ModerationAction
    extra = 0
    readonly_fields = ("actor", "kind", "reason", "from_status", "to_status", "created_at")
    can_delete = False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
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
    list_filter = ("status", "kind", "is_late", "assignment__course", "created_at")
    search_fields = ("body", "author__username", "author__display_name")
    raw_id_fields = (
        "assignment", "paragraph", "prompt", "group", "author", "parent", "reply_to",
        "thread_root", "endorsed_by",
    )  # fmt: skip
    readonly_fields = ("body_html",)
    inlines = [CommentRevisionInline, ModerationActionInline]

    def has_delete_permission(self, request, obj=None):
        # Comments are never deleted: they change status and leave a record.
        return False


@admin.register(CommentRevision)
class CommentRevisionAdmin(admin.ModelAdmin):
    list_display = ("comment", "edited_by", "created_at")
    search_fields = ("body",)
    raw_id_fields = ("comment", "edited_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("comment", "kind", "actor", "from_status", "to_status", "created_at")
    list_filter = ("kind", "to_status", "created_at")
    search_fields = ("reason", "actor__username")
    raw_id_fields = ("comment", "actor")

    def has_delete_permission(self, request, obj=None):
        return False


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
