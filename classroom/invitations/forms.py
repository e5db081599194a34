"""The list of addresses a teacher invites to a course."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Invitations one form may send; more at once is more likely a pasted mistake than a class.
MAX_ADDRESSES = 100
# Addresses come pasted from spreadsheets and mail clients: commas, semicolons, any spacing.
SEPARATORS = re.compile(r"[\s,;]+")


class InvitationForm(forms.Form):
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        help_text=_("Separate them with commas, spaces or new lines; up to 100 at a time."),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        max_length=20_000,
        error_messages={"required": _("Type at least one e-mail address.")},
    )

    def clean_addresses(self) -> list[str]:
        """Each address once (ignoring case), in the order typed; ones that are not e-mail
        addresses are set aside in `self.malformed` to be reported, not sent."""
        valid: dict[str, str] = {}
        self.malformed: list[str] = []
        for part in SEPARATORS.split(self.cleaned_data["addresses"]):
            address = part.strip("<>\"'")
            if not address or address.lower() in valid or address in self.malformed:
                continue
            try:
                validate_email(address)
            except ValidationError:
                self.malformed.append(address)
            else:
                valid[address.lower()] = address
        count = len(valid) + len(self.malformed)
        if count > MAX_ADDRESSES:
            raise ValidationError(
                ngettext(
                    "That is %(count)d address; send at most %(limit)d at a time.",
                    "That is %(count)d addresses; send at most %(limit)d at a time.",
                    count,
                )
                % {"count": count, "limit": MAX_ADDRESSES}
            )
        if not count:
            raise ValidationError(self.fields["addresses"].error_messages["required"])
        return list(valid.values())
