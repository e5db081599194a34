"""The admin's data-erasure action: a site admin replaces a comment's text (and its earlier
wordings) with a tombstone at its author's request, giving a reason for the audit log."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from discussions.models import Comment

from .erasure import ERASED, comment_erase
from .forms import EraseForm


@admin.action(description=gettext_lazy("Erase text at the author's request"), permissions=["erase"])
def erase_text(modeladmin, request, queryset):
    comments = list(queryset.select_related("author", "assignment__course").order_by("pk"))
    to_erase = [comment for comment in comments if comment.body != ERASED]
    form = EraseForm(request.POST if "confirm_erase" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                for comment in to_erase:
                    comment_erase(
                        comment=comment, admin=request.user, reason=form.cleaned_data["reason"]
                    )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            skipped = len(comments) - len(to_erase)
            text = ngettext(
                "Erased the text of %(count)d comment; the audit log records why.",
                "Erased the text of %(count)d comments; the audit log records why.",
                len(to_erase),
            ) % {"count": len(to_erase)}
            if skipped:
                text += " " + ngettext(
                    "%(count)d had already been erased.",
                    "%(count)d had already been erased.",
                    skipped,
                ) % {"count": skipped}
            modeladmin.message_user(request, text, messages.SUCCESS)
            return None  # back to the list of comments
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Erase text at the author's request"),
        "opts": Comment._meta,
        "comments": comments,
        "to_erase": to_erase,
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "tombstone": ERASED,
    }
    status = 422 if form.is_bound else 200
    return TemplateResponse(request, "discussions/audit/erase_confirm.html", context, status=status)
