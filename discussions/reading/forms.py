from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import Kind

from .phrases import Phrase


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


class ThreadForm(CommentForm):
    """A new thread, on the whole paragraph or on a phrase in it. The page's script fills the
    phrase's surroundings and place from a selection; without it, the reader types or pastes
    the words and the server finds them."""

    quote = forms.CharField(
        label=_("Quote (optional)"),
        required=False,
        strip=False,
        help_text=_(
            "To comment on a few words rather than the whole paragraph, copy them here exactly."
        ),
    )
    quote_prefix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    quote_suffix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    # Text rather than numbers: a place the page got wrong is reported on the quote, where the
    # reader sees it, not on a hidden field.
    quote_start = forms.CharField(required=False, widget=forms.HiddenInput)
    quote_end = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        for name in ("quote_start", "quote_end"):
            value = cleaned.get(name, "").strip()
            if value and not (value.isdigit() and len(value) < 10):
                self.add_error("quote", _("That phrase's place is outside this paragraph."))
            cleaned[name] = int(value) if value.isdigit() and len(value) < 10 else None
        return cleaned

    def phrase(self) -> Phrase | None:
        """The phrase chosen, or None for a thread on the whole paragraph."""
        data = self.cleaned_data
        if not data["quote"].strip() and data["quote_start"] is None and data["quote_end"] is None:
            return None
        return Phrase(
            exact=data["quote"],
            prefix=data["quote_prefix"],
            suffix=data["quote_suffix"],
            start=data["quote_start"],
            end=data["quote_end"],
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
