"""Sign-up and account settings forms."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.translation import gettext_lazy as _

from articles.rendering import DIRECTION_CONTROLS, clean_text
from classroom.models import User


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


class FirstPasswordResetForm(PasswordResetForm):
    """Django's form sends no link to an account without a usable password. An account a
    teacher made from a class list has none until its owner first chooses one, so it may ask
    too, until it has signed in once; accounts that sign in some other way keep being left out."""

    def get_users(self, email):
        yield from super().get_users(email)
        yield from User.objects.filter(
            email__iexact=email,
            is_active=True,
            last_login__isnull=True,
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )


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


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right. Nothing was deleted."))
        return password


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        error_messages={"required": _("Type the new address.")},
        help_text=_("We send a link to it; the address changes once you open that link."),
    )
