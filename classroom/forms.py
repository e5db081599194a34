from django import forms
from django.contrib.auth.forms import UserCreationForm

from articles.models import Reading

from .models import Role, User


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200, label="Course title")


class JoinForm(forms.Form):
    join_code = forms.CharField(
        max_length=40,
        label="Join code",
        help_text="Your teacher gives you a code like XKCD-7Q4M-PB9R. Dashes and case don't matter.",  # noqa: E501
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class AssignmentForm(forms.Form):
    reading = forms.ModelChoiceField(queryset=Reading.objects.none(), empty_label=None)
    instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What should students do? Markdown works.",
    )
    due_at = forms.DateTimeField(
        required=False,
        label="Due",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reading"].queryset = Reading.objects.owned_by(owner)
