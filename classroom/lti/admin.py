"""The LTI tables in the site admin: platforms (unconfirmed first, with a button to confirm),
the signing keys shown without their private part, and the links and identities launches make."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .keys import key_add
from .models import (
    AssignmentLink,
    CourseLink,
    Deployment,
    Identity,
    Platform,
    ToolKey,
    UsedNonce,
)
from .registration import platforms_confirm


class DeploymentInline(admin.TabularInline):
    model = Deployment
    extra = 0
    readonly_fields = ("created_at",)


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "confirmed", "source", "product", "issuer", "client_id", "created_at")
    list_filter = ("source", ("confirmed_at", admin.EmptyFieldListFilter), "product")
    search_fields = ("name", "issuer", "client_id", "product")
    # Platforms waiting for a site admin come first: a registration should not go unnoticed.
    ordering = (F("confirmed_at").asc(nulls_first=True), "name")
    readonly_fields = ("source", "confirmed_at", "confirmed_by", "created_at")
    inlines = [DeploymentInline]
    actions = ["confirm"]
    change_form_template = "admin/classroom/platform/change_form.html"

    @admin.display(boolean=True, description=gettext_lazy("confirmed"), ordering="confirmed_at")
    def confirmed(self, platform: Platform) -> bool:
        return platform.is_confirmed

    @admin.action(description=gettext_lazy("Confirm platform"), permissions=["change"])
    def confirm(self, request: HttpRequest, queryset) -> None:
        count = platforms_confirm(platforms=queryset, confirmed_by=request.user)
        message = ngettext(
            "Confirmed %(count)d platform: its launches are accepted from now on.",
            "Confirmed %(count)d platforms: their launches are accepted from now on.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        confirm = self.admin_site.admin_view(require_POST(self.confirm_one))
        return [
            path("<path:object_id>/confirm/", confirm, name="classroom_platform_confirm"),
            *super().get_urls(),
        ]

    def confirm_one(self, request: HttpRequest, object_id: str) -> HttpResponseRedirect:
        """The button on a platform's page."""
        platform = get_object_or_404(Platform, pk=object_id)
        if not self.has_change_permission(request, platform):
            raise PermissionDenied
        self.confirm(request, Platform.objects.filter(pk=platform.pk))
        return HttpResponseRedirect(reverse("admin:classroom_platform_change", args=[platform.pk]))


@admin.register(ToolKey)
class ToolKeyAdmin(admin.ModelAdmin):
    list_display = ("kid", "created_at", "retired_at")
    list_filter = (("retired_at", admin.EmptyFieldListFilter),)
    search_fields = ("kid",)
    # The private key never leaves the database through the admin.
    fields = ("kid", "created_at", "retired_at")
    readonly_fields = fields
    actions = ["rotate"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Rotate: add a new signing key"), permissions=["view"])
    def rotate(self, request: HttpRequest, queryset) -> None:
        key = key_add()
        self.message_user(
            request,
            _(
                "Added key %(kid)s; it signs from now on. The older keys stay published until "
                "`manage.py rotate_lti_keys --retire-older-than DAYS --retire-only` retires them."
            )
            % {"kid": key.kid},
            messages.SUCCESS,
        )


@admin.register(Deployment)
class DeploymentAdmin(admin.ModelAdmin):
    list_display = ("deployment_id", "platform", "created_at")
    list_filter = ("platform",)
    search_fields = ("deployment_id", "platform__name", "platform__issuer")


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    list_display = ("subject", "issuer", "user", "first_launch_at", "last_launch_at")
    search_fields = ("subject", "issuer", "user__username", "user__display_name")
    raw_id_fields = ("user",)


@admin.register(CourseLink)
class CourseLinkAdmin(admin.ModelAdmin):
    list_display = ("context_title", "context_id", "course", "deployment", "roster_synced_at")
    search_fields = ("context_title", "context_id", "course__title")
    raw_id_fields = ("course", "deployment")


@admin.register(AssignmentLink)
class AssignmentLinkAdmin(admin.ModelAdmin):
    list_display = ("resource_link_id", "assignment", "course_link", "created_at")
    search_fields = ("resource_link_id", "assignment__reading__title", "course_link__context_title")
    raw_id_fields = ("assignment", "course_link")


@admin.register(UsedNonce)
class UsedNonceAdmin(admin.ModelAdmin):
    list_display = ("value", "expires_at")
    search_fields = ("value",)
