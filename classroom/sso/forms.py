"""The password that links a school sign-in to the local account with the same e-mail."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LinkPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password of your Colloquy account"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type the password you log in to Colloquy with.")},
    )
