from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Assignment, Course, Group, Invitation, Membership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Colloquy", {"fields": ("display_name", "may_teach")}))
    list_display = (
        "username",
        "display_name",
        "email",
        "may_teach",
        "is_staff",
        "is_superuser",
        "date_joined",
    )
    list_filter = (*BaseUserAdmin.list_filter, "may_teach")
    search_fields = ("username", "display_name", "email", "first_name", "last_name")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "join_code", "created_by", "created_at")
    search_fields = ("title", "slug", "join_code")
    list_filter = ("created_at",)
    raw_id_fields = ("created_by",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "role", "group", "joined_at", "removed_at")
    list_filter = ("role", "course", ("removed_at", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "user__display_name", "course__title")
    raw_id_fields = ("user", "course", "group")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("reading", "course", "opens_at", "due_at", "locks_at", "created_by")
    list_filter = ("course", "post_first", "anonymous", "group_discussions", "due_at")
    search_fields = ("reading__title", "course__title")
    raw_id_fields = ("course", "reading", "created_by")


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "course")
    list_filter = ("course",)
    search_fields = ("name", "course__title")
    raw_id_fields = ("course",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "course", "invited_by", "created_at")
    list_filter = ("created_at",)
    search_fields = ("email", "course__title", "invited_by__username")
    raw_id_fields = ("course", "invited_by")


# The LMS tables keep their admin beside them; importing it registers them.
from .lti import admin as lti_admin  # noqa: E402, F401
