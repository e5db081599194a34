from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import Kind


class CommentForm(forms.Form):
    # Length and content rules live in services._clean_body so every way in shares them.
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write something before posting.")},
        help_text=_(
            "Markdown works: **bold**, *italic*, > quote, - list, [link](https://…), `code`, "
            "and math between dollar signs: $x^2$ in a line, $$\\frac{a}{b}$$ on its own."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Label (optional)"), choices=Kind.choices, required=False, initial=Kind.NONE
    )


def _prompt_body() -> forms.CharField:
    return forms.CharField(
        label=_("Prompt"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the prompt.")},
        help_text=_("Markdown works, and math between dollar signs: $x^2$."),
    )


class PromptEditForm(forms.Form):
    body = _prompt_body()


def paragraph_opening(paragraph) -> str:
    """How a paragraph is named in a list to choose from: its number and its first sentence
    whole (at most 30 words, cut between words), with … when more follows."""
    words = paragraph.text.split()
    opening = []
    for word in words[:30]:
        opening.append(word)
        if word.endswith((".", "?", "!", "…", ".”", "?”", "!”")) and len(opening) >= 3:
            break
    text = " ".join(opening)
    if len(opening) < len(words):
        text += " …" if text.endswith((".", "?", "!", "”")) else "…"
    return f"¶ {paragraph.number} — {text}"


class PromptForm(forms.Form):
    paragraph = forms.TypedChoiceField(
        label=_("Where"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Pin it to one paragraph, or leave it on the whole reading."),
    )
    body = _prompt_body()
    post_first = forms.BooleanField(
        required=False,
        label=_("Students answer before they see classmates' answers"),
    )

    def __init__(self, *args, paragraphs, **kwargs):
        """`paragraphs`: the reading's current paragraphs to choose from (not its headings)."""
        super().__init__(*args, **kwargs)
        self.paragraphs = {paragraph.pk: paragraph for paragraph in paragraphs}
        self.fields["paragraph"].choices = [("", _("The whole reading"))] + [
            (paragraph.pk, paragraph_opening(paragraph)) for paragraph in paragraphs
        ]

    def clean_paragraph(self):
        paragraph_id = self.cleaned_data["paragraph"]
        return self.paragraphs.get(paragraph_id) if paragraph_id else None
