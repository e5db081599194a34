"""Forms for making a course, joining one, and its settings."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from classroom.models import Course

from .services import NEW_STUDENT_DAYS, time_zones_to_offer


def time_zone_choices(current: str = "") -> list:
    """Common zones first, then the rest, in two groups of a <select>; a course's current zone
    stays listed even when it is an old alias no longer offered."""
    common, rest = time_zones_to_offer()
    if current and current not in common and current not in rest:
        rest = tuple(sorted((*rest, current)))

    def named(zones):
        return [(zone, zone.replace("_", " ")) for zone in zones]

    return [(_("Common time zones"), named(common)), (_("All time zones"), named(rest))]


def _time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Time zone"),
        help_text=format_lazy(
            "{} {}",
            Course._meta.get_field("time_zone").help_text,
            _("Opening, due and closing times are typed and shown in it."),
        ),
        error_messages={
            "invalid_choice": _("Choose a time zone from the list."),
            "required": _("Choose a time zone from the list."),
        },
    )


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Course title"))
    time_zone = _time_zone_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        # Nothing is picked for the teacher: with JavaScript, colloquy.js picks the browser's
        # zone when it is in the list; without, the teacher chooses.
        field.choices = [("", _("Choose your time zone")), *time_zone_choices()]
        field.widget.attrs["data-browser-time-zone"] = ""


class JoinForm(forms.Form):
    join_code = forms.CharField(
        max_length=40,
        label=_("Join code"),
        help_text=_(
            "Your teacher gives you a code like XKCD-7Q4M-PB9R. Dashes and case don't matter."
        ),
    )


class CourseSettingsForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Course title"))
    time_zone = _time_zone_field()
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
        self.fields["time_zone"].choices = time_zone_choices(self.initial.get("time_zone", ""))

    def clean_premoderation(self) -> str | None:
        return self.cleaned_data["premoderation"] or None
