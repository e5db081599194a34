"""Forms for naming a group, splitting a course into groups and putting a student in one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from classroom.models import Course, Group


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
