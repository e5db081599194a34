"""The role a manager gives a member on the roster."""

from django import forms

from classroom.models import Role


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
