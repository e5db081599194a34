from django.contrib import admin

from .models import Paragraph, Reading


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0
    fields = ("position", "text")


@admin.register(Reading)
class ReadingAdmin(admin.ModelAdmin):
    list_display = ("title", "byline", "owner", "language", "direction", "created_at")
    list_filter = ("language", "direction", "created_at")
    search_fields = ("title", "byline", "source", "owner__username")
    raw_id_fields = ("owner",)
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ("__str__", "reading", "position")
    list_filter = ("reading",)
    search_fields = ("text", "reading__title")
    raw_id_fields = ("reading",)
