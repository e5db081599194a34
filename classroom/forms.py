from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Reading
from articles.rendering import DIRECTION_CONTROLS, clean_text

from .models import Assignment, Course, Group, Role, User
from .services import NEW_STUDENT_DAYS, SLOW_MODE_SECONDS, time_zone_names


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")
        labels = {"display_name": _("Display name")}

    def clean_display_name(self) -> str:
        # Classmates see this name beside every comment: nothing in it may hide or reorder text.
        name = self.cleaned_data["display_name"]
        if clean_text(name) != name or DIRECTION_CONTROLS.search(name):
            raise forms.ValidationError(
                _(
                    "This name has invisible control characters in it. "
                    "Type it with letters, spaces and punctuation only."
                )
            )
        return name


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Course title"))


class JoinForm(forms.Form):
    join_code = forms.CharField(
        max_length=40,
        label=_("Join code"),
        help_text=_(
            "Your teacher gives you a code like XKCD-7Q4M-PB9R. Dashes and case don't matter."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class CourseSettingsForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Course title"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=format_lazy(
            "{} {}",
            Course._meta.get_field("time_zone").help_text,
            _("Opening, due and closing times are typed and shown in it."),
        ),
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )
    # Left out of a submission, the review settings stay as they are.
    premoderation = forms.ChoiceField(
        label=_("Review before classmates see a post"),
        required=False,
        choices=Course._meta.get_field("premoderation").choices,
        help_text=_(
            "Held posts are seen only by their author and staff until approved. "
            "Each assignment can also hold every post for review."
        ),
        error_messages={"invalid_choice": _("Choose one of the listed review settings.")},
    )
    new_student_days = forms.IntegerField(
        label=_("Days a student counts as recently joined"),
        required=False,
        min_value=NEW_STUDENT_DAYS[0],
        max_value=NEW_STUDENT_DAYS[1],
        help_text=_("Used when posts by recently joined students wait for review."),
        error_messages={
            "invalid": _("Enter a whole number of days, such as 7."),
            "min_value": _("Choose between 1 and 365 days."),
            "max_value": _("Choose between 1 and 365 days."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [
            (name, name.replace("_", " ")) for name in time_zone_names()
        ]

    def clean_premoderation(self) -> str | None:
        return self.cleaned_data["premoderation"] or None


# What <input type="datetime-local"> sends and expects: no seconds, a "T" in the middle.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATE_FIELDS = ("opens_at", "due_at", "locks_at")
SETTING_FIELDS = ("post_first", "hide_counts_before_posting", "anonymous", "group_discussions")
MODERATION_FIELDS = ("premoderate", "slow_mode_seconds")


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
    post_first = _setting_field("post_first", _("Post first"))
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
            if assignment.comments.exists():
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
    def setting_fields(self):
        return [self[name] for name in SETTING_FIELDS]

    def clean_slow_mode_seconds(self) -> int:
        return self.cleaned_data["slow_mode_seconds"] or 0


class GroupForm(forms.Form):
    name = forms.CharField(max_length=80, label=_("Group name"))


class GroupSplitForm(forms.Form):
    size = forms.IntegerField(
        label=_("Students per group"),
        min_value=2,
        max_value=100,
        initial=4,
        error_messages={
            "invalid": _("Enter a whole number of students per group, such as 4."),
            "required": _("Enter how many students each group should have, such as 4."),
            "min_value": _("Groups need at least 2 students. Choose a larger size."),
            "max_value": _("Groups can have at most 100 students."),
        },
    )
    regroup_all = forms.BooleanField(
        required=False,
        label=_("Regroup everyone"),
        help_text=_(
            "Also move students who are already in a group. "
            "Emptied groups that never discussed are removed."
        ),
    )


class GroupAssignForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("No group"),
        error_messages={"invalid_choice": _("Choose one of this course's groups.")},
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = course.groups.all()
