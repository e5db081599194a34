from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .forms import SignUpForm
from .models import User


class AccountSettingsForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("The same as my browser")), *settings.LANGUAGES],
        error_messages={"invalid_choice": _("Choose one of the listed languages.")},
    )

    class Meta:
        model = User
        fields = ("display_name", "language", "email_digest")
        labels = {
            "display_name": _("Display name"),
            "email_digest": _("Send me a daily e-mail of new notices"),
        }
        help_texts = {
            "display_name": _("How classmates see you. Leave it empty to go by your username."),
            "email_digest": _(
                "At most one e-mail a day, only when something you haven't read is waiting."
            ),
        }

    # The same rule as at sign-up: classmates see this name beside every comment.
    clean_display_name = SignUpForm.clean_display_name
