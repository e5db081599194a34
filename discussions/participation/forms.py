"""The participation rubric form (points per unit and a cap for each criterion) and the form
for a score set by hand."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from discussions.models import WEIGHT_CAP, Criterion, ParticipationRubric

from .scores import format_points


class ParticipationRubricForm(forms.ModelForm):
    class Meta:
        model = ParticipationRubric
        fields = [
            "points_possible",
            "min_words",
            *(f"{criterion}_{part}" for criterion in Criterion.values for part in WEIGHT_CAP),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"min": "0", "step": "any", "inputmode": "decimal"})
            field.error_messages["required"] = _("Enter a number (0 leaves a criterion out).")
        minimum = self.fields["min_words"]
        minimum.widget.attrs.update({"step": "1", "inputmode": "numeric"})
        minimum.error_messages["required"] = _("Enter a whole number (0 counts every post).")

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        """(criterion, weight field, cap field) in the order the rubric lists them."""
        return [
            (criterion, self[f"{criterion}_weight"], self[f"{criterion}_cap"])
            for criterion in Criterion
        ]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class ScoreOverrideForm(forms.Form):
    score = forms.DecimalField(
        label=_("Score"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The student sees this reason beside their score; it is kept in the audit log."
        ),
        error_messages={"required": _("Say why: the student sees the reason beside their score.")},
    )

    def __init__(self, *args, points_possible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].validators.append(MaxValueValidator(points_possible))
        self.fields["score"].help_text = _("From 0 to %(possible)s.") % {
            "possible": format_points(points_possible)
        }
