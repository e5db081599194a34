from django import forms
from django.utils.translation import gettext_lazy as _

from .records import Names


class NamesForm(forms.Form):
    """How a staff download names students of anonymous assignments."""

    names = forms.ChoiceField(
        label=_("Students in anonymous assignments appear under"),
        choices=Names.choices,
        initial=Names.PSEUDONYMS,
        required=False,
        widget=forms.RadioSelect,
    )

    def chosen(self) -> Names:
        return Names(self.cleaned_data["names"] or Names.PSEUDONYMS)
