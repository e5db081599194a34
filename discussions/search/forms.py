"""The search box and its filters, read from the address (a GET form that works without JS)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from classroom.models import Assignment
from discussions.models import Kind

from .backends import QUERY_MAX_LENGTH

# What the "Show" filter narrows results to, beside the comments' reply types.
ANYTHING, COMMENTS, PROMPTS, READING_TEXT = "", "comments", "prompts", "text"


def type_choices() -> list[tuple[str, str]]:
    return [
        (ANYTHING, _("Everything")),
        (READING_TEXT, _("Reading text")),
        (PROMPTS, _("Prompts")),
        (COMMENTS, _("Comments")),
        *((kind, _("Comments: %(type)s") % {"type": label}) for kind, label in Kind.choices[1:]),
    ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        strip=True,
        error_messages={
            "max_length": _(
                "Search for at most %(limit_value)d characters (this has %(show_value)d): a few "
                "words find more than a sentence."
            )
        },
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": None}),
    )
    reading = forms.TypedChoiceField(
        label=_("Reading"), required=False, coerce=int, empty_value=None
    )
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        help_text=_("A name, or a pseudonym in anonymous readings."),
    )
    type = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, data, *, assignments: list[Assignment]):
        # A reading or type the course does not have (an old link, a hand-made address) is
        # left out rather than refused: the rest of the search still runs.
        data = data.copy()
        readings = [(assignment.pk, assignment.reading.title) for assignment in assignments]
        if data.get("reading", "") not in {str(pk) for pk, _title in readings}:
            data["reading"] = ""
        if data.get("type", "") not in {value for value, _label in type_choices()}:
            data["type"] = ANYTHING
        super().__init__(data)
        self.fields["reading"].choices = [("", _("All readings")), *readings]
        self.fields["type"].choices = type_choices()
        # The address says ?from=&to=, names Python keeps for itself.
        self.fields["from"] = _date_field(_("From"))
        self.fields["to"] = _date_field(_("To"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date comes before the start date."))
        return cleaned


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
