from django.contrib import admin

from .models import Comment, CommentRevision, ModerationAction


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
    list_filter = ("status", "assignment__course", "created_at")
    search_fields = ("body", "author__username", "author__display_name")
    raw_id_fields = ("assignment", "paragraph", "author", "parent", "reply_to", "thread_root")
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
