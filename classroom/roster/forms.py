"""What a manager sets on a roster row (the member's role, their student ID) and the class list
they import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from classroom.models import Membership, Role

from .class_list import ClassList, ClassListRefused, class_list_read, max_rows

# A teaching assistant may still be graded as a student: the choice says so before it is
# made, so promoting a student never silently drops their grade.
TA_GRADED = "ta-graded"
ROLE_CHOICES = [
    (Role.STUDENT, _("Student (graded)")),
    (TA_GRADED, _("Teaching assistant, still graded")),
    (Role.TA, _("Teaching assistant, not graded")),
    (Role.INSTRUCTOR, _("Instructor (not graded)")),
]


def role_choice(membership: Membership) -> str:
    """The roster choice that describes this member now."""
    if membership.role == Role.TA and membership.graded_as_student:
        return TA_GRADED
    return membership.role


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)

    @property
    def chosen_role(self) -> str:
        return Role.TA if self.cleaned_data["role"] == TA_GRADED else self.cleaned_data["role"]

    @property
    def graded_as_student(self) -> bool:
        return self.cleaned_data["role"] == TA_GRADED


class StudentNumberForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["student_number"]


class ClassListForm(forms.Form):
    """A class list to import. A file that cannot be read as one is refused with a reason and
    the HTTP status to answer (`refusal_status`)."""

    class_list = forms.FileField(
        label=_("Class list (CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Choose a CSV file to upload."),
            "empty": _("This file is empty."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refusal_status = 422
        self.fields["class_list"].help_text = _(
            "The first row names the columns: name and email, and if you like role (student, "
            "teaching assistant or TA, instructor) and group; other columns are left out. An "
            "empty role makes a newcomer a student and leaves a member's role as it is; accounts "
            "that exist keep their own names. Up to %(limit)d people."
        ) % {"limit": max_rows()}

    def clean_class_list(self) -> ClassList:
        try:
            return class_list_read(self.cleaned_data["class_list"])
        except ClassListRefused as refusal:
            self.refusal_status = refusal.status
            raise
