"""Forms for the record: filtering the audit log, and the reason for erasing a comment's text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import ModerationAction


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Every action")), *ModerationAction.Kind.choices],
    )

    def kind_or_all(self) -> str:
        """The chosen kind, or "" (every kind) for an empty or unknown choice."""
        return self.cleaned_data["kind"] if self.is_valid() else ""


class EraseForm(forms.Form):
    """The reason for a data-erasure request, asked for on the admin's confirmation page."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        label=_("Reason"),
        help_text=_(
            "For example the date and reference of the author's request. "
            "It is kept in the course's audit log."
        ),
        error_messages={"required": _("Give the reason for erasing: it goes into the audit log.")},
    )
