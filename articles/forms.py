from django import forms
from django.core.exceptions import ValidationError

from .services import split_paragraphs

MAX_READING_CHARACTERS = 500_000


class ReadingForm(forms.Form):
    title = forms.CharField(max_length=300)
    byline = forms.CharField(max_length=300, required=False, help_text="Who wrote it.")
    author_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="About the author",
        help_text="Shown under the title; not part of the discussion.",
    )
    source = forms.CharField(
        max_length=2000, required=False, help_text="A URL or citation, shown under the title."
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=MAX_READING_CHARACTERS,
        label="Text",
        help_text="Paste plain text or Markdown. Leave a blank line between paragraphs.",
        error_messages={"required": "Paste the reading's text."},
    )

    def clean_text(self) -> list[str]:
        paragraphs = split_paragraphs(self.cleaned_data["text"])
        if not paragraphs:
            raise ValidationError("Paste the reading's text.")
        return paragraphs


def reading_initial(reading) -> dict:
    """The edit form's starting values: the current text with blank lines between paragraphs."""
    paragraphs = reading.current_paragraphs()
    return {
        "title": reading.title,
        "byline": reading.byline,
        "author_note": reading.author_note,
        "source": reading.source,
        "text": "\n\n".join(paragraph.text for paragraph in paragraphs),
    }
