"""Forms for flagging a comment, hiding it with a reason, and suspending a member."""

from django import forms

from .models import FlagReason

# Rules (a note for "other", reason lengths, 1-365 days) live in moderation.py so every way
# in shares them; these forms only read the fields.


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=[("", "Choose a reason…"), *FlagReason.choices],
        error_messages={
            "required": "Choose a reason for flagging.",
            "invalid_choice": "Choose a reason for flagging.",
        },
    )
    note = forms.CharField(
        label="Note for the moderators",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required for “Something else”. The author is not told who flagged.",
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the author sees it)",
        max_length=1000,
        error_messages={"required": "Give a reason: the author will see it."},
    )


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label="Days",
        min_value=1,
        max_value=365,
        initial=3,
        error_messages={
            "required": "Say for how many days.",
            "invalid": "Enter a whole number of days.",
            "min_value": "Suspend for between 1 and 365 days.",
            "max_value": "Suspend for between 1 and 365 days.",
        },
    )
    reason = forms.CharField(
        label="Reason (the student sees it)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason: the student will see it."},
    )
