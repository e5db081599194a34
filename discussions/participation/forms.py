"""The participation rubric form: points per unit and a cap for each criterion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import WEIGHT_CAP, Criterion, ParticipationRubric


class ParticipationRubricForm(forms.ModelForm):
    class Meta:
        model = ParticipationRubric
        fields = [
            "points_possible",
            *(f"{criterion}_{part}" for criterion in Criterion.values for part in WEIGHT_CAP),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"min": "0", "step": "any", "inputmode": "decimal"})
            field.error_messages["required"] = _("Enter a number (0 leaves a criterion out).")

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        """(criterion, weight field, cap field) in the order the rubric lists them."""
        return [
            (criterion, self[f"{criterion}_weight"], self[f"{criterion}_cap"])
            for criterion in Criterion
        ]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
