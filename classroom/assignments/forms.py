"""The assignment form: the reading, instructions, dates and discussion settings."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from articles.models import Reading
from classroom import contributions
from classroom.models import Assignment, PostFirst

from .services import SLOW_MODE_SECONDS

# What <input type="datetime-local"> sends and expects: no seconds, a "T" in the middle.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATE_FIELDS = ("opens_at", "due_at", "locks_at")
SETTING_FIELDS = ("post_first", "hide_counts_before_posting", "anonymous", "group_discussions")
MODERATION_FIELDS = ("premoderate", "slow_mode_seconds")
CHECKBOX_FIELDS = ("hide_counts_before_posting", "anonymous", "group_discussions", "premoderate")
# Every field of the form, each named as the assignment's field it sets.
ASSIGNMENT_SETTINGS = ("reading", "instructions", *DATE_FIELDS, *SETTING_FIELDS, *MODERATION_FIELDS)


def _assignment_help(name: str) -> str:
    return Assignment._meta.get_field(name).help_text


def _date_field(label: str, name: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        required=False,
        label=label,
        help_text=_assignment_help(name),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"invalid": _("Enter a date and time, such as 2026-09-14 09:00.")},
    )


def _setting_field(name: str, label: str) -> forms.BooleanField:
    return forms.BooleanField(required=False, label=label, help_text=_assignment_help(name))


class AssignmentForm(forms.Form):
    """The reading, instructions, dates and discussion settings of an assignment.

    Dates are typed in the course's time zone: build, validate and render the form inside
    `timezone.override(course.time_zone)`.
    """

    reading = forms.ModelChoiceField(
        queryset=Reading.objects.none(),
        label=_("Reading"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your own readings.")},
    )
    instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Instructions"),
        required=False,
        help_text=_("What should students do? Markdown works."),
    )
    opens_at = _date_field(_("Opens"), "opens_at")
    due_at = _date_field(_("Due"), "due_at")
    locks_at = _date_field(_("Locks"), "locks_at")
    # Forms from before post-first had modes leave it out: that means off.
    post_first = forms.TypedChoiceField(
        choices=PostFirst.choices,
        required=False,
        empty_value=PostFirst.OFF,
        initial=PostFirst.OFF,
        widget=forms.RadioSelect,
        label=_("Post first"),
        help_text=_assignment_help("post_first"),
        error_messages={"invalid_choice": _("Choose one of the listed post-first modes.")},
    )
    hide_counts_before_posting = _setting_field(
        "hide_counts_before_posting", _("Hide counts before posting")
    )
    anonymous = _setting_field("anonymous", _("Anonymous to classmates"))
    group_discussions = _setting_field("group_discussions", _("Group discussions"))
    premoderate = _setting_field("premoderate", _("Review every student post"))
    slow_mode_seconds = forms.IntegerField(
        required=False,
        label=_("Slow mode (seconds)"),
        min_value=SLOW_MODE_SECONDS[0],
        max_value=SLOW_MODE_SECONDS[1],
        help_text=format_lazy(
            "{} {}", _assignment_help("slow_mode_seconds"), _("At most 3600 (an hour).")
        ),
        error_messages={
            "invalid": _("Enter a whole number of seconds, such as 60, or 0 for off."),
            "min_value": _("Slow mode is between 0 (off) and 3600 seconds."),
            "max_value": _("Slow mode is between 0 (off) and 3600 seconds."),
        },
    )

    def __init__(self, *args, owner, assignment: Assignment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        readings = Reading.objects.owned_by(owner)
        if assignment is not None:
            # A co-instructor's reading stays selectable on the assignment that uses it.
            readings = readings | Reading.objects.filter(pk=assignment.reading_id)
            if contributions.assignment_has_comments(assignment):
                reading = self.fields["reading"]
                reading.disabled = True
                reading.help_text = _(
                    "People have commented on it, so the reading can't be swapped."
                )
        self.fields["reading"].queryset = readings.order_by("title")

    @property
    def date_fields(self):
        return [self[name] for name in DATE_FIELDS]

    @property
    def dates_in_words(self) -> list[tuple]:
        """Each date field with its value said in words in the course's zone ("Due Friday 11
        December 2026, 23:59, New York time"), for what was saved or typed; None when empty or
        not a date."""
        return [(self[name], self._date_in_words(name)) for name in DATE_FIELDS]

    def _date_in_words(self, name: str) -> str | None:
        value = self[name].value()
        if not isinstance(value, datetime):
            try:
                value = self.fields[name].clean(value)
            except ValidationError:
                return None
        if value is None:
            return None
        # A saved date comes back from the field as the course's wall-clock time, naive.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        when = date_format(local, pgettext("a date said in words", "l j F Y, H:i"))
        zone = timezone.get_current_timezone_name().rsplit("/", 1)[-1].replace("_", " ")
        sentences = {
            "opens_at": gettext("Opens %(when)s, %(zone)s time."),
            "due_at": gettext("Due %(when)s, %(zone)s time."),
            "locks_at": gettext("Locks %(when)s, %(zone)s time."),
        }
        return sentences[name] % {"when": when, "zone": zone}

    @property
    def setting_fields(self):
        return [self[name] for name in SETTING_FIELDS]

    def clean_slow_mode_seconds(self) -> int:
        return self.cleaned_data["slow_mode_seconds"] or 0

    def assignment_settings(self) -> dict:
        """The cleaned settings, as keyword arguments of assignment_create and _update."""
        return {name: self.cleaned_data[name] for name in ASSIGNMENT_SETTINGS}
