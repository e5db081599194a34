from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ModerationAction, WatchedWord


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Every action")), *ModerationAction.Kind.choices],
    )

    def kind_or_all(self) -> str:
        """The chosen kind, or "" (every kind) for an empty or unknown choice."""
        return self.cleaned_data["kind"] if self.is_valid() else ""


class WatchedWordForm(forms.Form):
    # Length and duplicates are checked by watched_word_add, with the messages people see.
    phrase = forms.CharField(
        label=_("Word or phrase"),
        strip=True,
        error_messages={"required": _("Enter a word or phrase to watch for.")},
    )
    whole_word = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Whole words only"),
        help_text=_("Leave this on so “ass” does not catch “class” or “assessment”."),
    )
    action = forms.ChoiceField(
        choices=WatchedWord.Action.choices,
        initial=WatchedWord.Action.REVIEW,
        label=_("When a post uses it"),
        error_messages={"invalid_choice": _("Choose what should happen to a post that uses it.")},
    )


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
