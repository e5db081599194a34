from django.contrib import admin

from .models import ImportAttempt, Paragraph, Reading, ReadingDraft, ReadingVersion


class ReadOnlyParagraphs:
    """Paragraphs and their successors change only by revising the reading (a new version
    that re-anchors every comment), never by hand: the admin shows them and nothing more."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ParagraphInline(ReadOnlyParagraphs, admin.TabularInline):
    model = Paragraph
    extra = 0
    fields = ("version", "position", "text", "successor")
    show_change_link = True


@admin.register(Reading)
class ReadingAdmin(admin.ModelAdmin):
    list_display = (
        "title", "byline", "owner", "language", "direction", "current_version", "created_at"
    )  # fmt: skip
    list_filter = ("language", "direction", "created_at")
    search_fields = ("title", "byline", "source", "owner__username")
    raw_id_fields = ("owner", "current_version")
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyParagraphs, admin.ModelAdmin):
    list_display = ("__str__", "reading", "version", "position", "successor")
    list_filter = ("reading",)
    search_fields = ("text", "reading__title")
    fields = ("reading", "version", "position", "text", "successor")


@admin.register(ReadingVersion)
class ReadingVersionAdmin(admin.ModelAdmin):
    list_display = ("reading", "number", "created_by", "created_at")
    list_filter = ("created_at",)
    search_fields = ("reading__title", "created_by__username")
    raw_id_fields = ("reading", "created_by")


@admin.register(ReadingDraft)
class ReadingDraftAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "language", "direction", "updated_at")
    list_filter = ("language", "direction", "updated_at")
    search_fields = ("title", "byline", "owner__username")
    raw_id_fields = ("owner",)


@admin.register(ImportAttempt)
class ImportAttemptAdmin(admin.ModelAdmin):
    """Imports from files and web addresses, counted for the per-hour limit."""

    list_display = ("owner", "created_at")
    search_fields = ("owner__username",)
    raw_id_fields = ("owner",)
