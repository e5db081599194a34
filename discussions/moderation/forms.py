"""Forms for flagging a comment, hiding it with a reason, suspending a member and adding a
watched word."""

from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import FlagReason, WatchedWord

# Rules (a note for "other", reason lengths, 1-365 days) live in decisions.py and
# suspensions.py so every way in shares them; these forms only read the fields.


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=[("", _("Choose a reason…")), *FlagReason.choices],
        error_messages={
            "required": _("Choose a reason for flagging."),
            "invalid_choice": _("Choose a reason for flagging."),
        },
    )
    note = forms.CharField(
        label=_("Note for the moderators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for “Something else”. The author is not told who flagged."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author sees it)"),
        max_length=1000,
        error_messages={"required": _("Give a reason: the author will see it.")},
    )


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        max_value=365,
        initial=3,
        error_messages={
            "required": _("Say for how many days."),
            "invalid": _("Enter a whole number of days."),
            "min_value": _("Suspend for between 1 and 365 days."),
            "max_value": _("Suspend for between 1 and 365 days."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (the student sees it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason: the student will see it.")},
    )


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
