"""What a manager sets on a roster row: the member's role, and their student ID."""

from django import forms
from django.utils.translation import gettext_lazy as _

from classroom.models import Membership, Role

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
