"""The choices a teacher makes after a first launch: which course, which assignment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from classroom.models import Assignment, Course

NEW_COURSE = "new"


class CourseSetupForm(forms.Form):
    course = forms.ChoiceField(label=_("Colloquy course"), widget=forms.RadioSelect)

    def __init__(self, *args, context_title: str, taught_courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.taught_courses = {str(course.pk): course for course in taught_courses}
        self.fields["course"].choices = [
            (NEW_COURSE, _("A new course named “%s”") % context_title),
            *((pk, course.title) for pk, course in self.taught_courses.items()),
        ]
        self.fields["course"].initial = NEW_COURSE

    def chosen_course(self) -> Course | None:
        """The existing course chosen, or None for a new one."""
        return self.taught_courses.get(self.cleaned_data["course"])


class AssignmentChoiceForm(forms.Form):
    assignment = forms.ModelChoiceField(
        label=_("Reading this link opens"),
        queryset=Assignment.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = Assignment.objects.with_reading().filter(course=course)
        self.fields["assignment"].label_from_instance = lambda assignment: assignment.reading.title
