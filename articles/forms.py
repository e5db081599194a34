from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .fetching import fetch_url
from .importing.pipeline import MAX_IMPORT_BYTES, SUPPORTED_EXTENSIONS, ImportSource
from .importing.reasons import REASON_LABELS
from .models import Direction, ParagraphKind
from .services import join_headings, split_headings, split_paragraphs

MAX_READING_CHARACTERS = 500_000


class ReadingForm(forms.Form):
    title = forms.CharField(max_length=300, label=gettext_lazy("Title"))
    byline = forms.CharField(
        max_length=300,
        required=False,
        label=gettext_lazy("Byline"),
        help_text=gettext_lazy("Who wrote it."),
    )
    author_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=gettext_lazy("About the author"),
        help_text=gettext_lazy("Shown under the title; not part of the discussion."),
    )
    source = forms.CharField(
        max_length=2000,
        required=False,
        label=gettext_lazy("Source"),
        help_text=gettext_lazy("A URL or citation, shown under the title."),
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=MAX_READING_CHARACTERS,
        label=gettext_lazy("Text"),
        help_text=gettext_lazy(
            "Paste plain text or Markdown. Leave a blank line between paragraphs. "
            "A line starting with ## is a sub-heading: shown as a heading, not discussed."
        ),
        error_messages={"required": gettext_lazy("Paste the reading's text.")},
    )

    def clean_text(self) -> list[str]:
        paragraphs = split_paragraphs(self.cleaned_data["text"])
        if not paragraphs:
            raise ValidationError(_("Paste the reading's text."))
        if ParagraphKind.PARAGRAPH not in split_headings(paragraphs)[1]:
            raise ValidationError(_("Write at least one paragraph as well as the headings."))
        return paragraphs

    def blocks(self) -> dict:
        """The text's blocks as `reading_create` and `reading_revise` take them."""
        paragraphs, kinds = split_headings(self.cleaned_data["text"])
        return {"paragraphs": paragraphs, "kinds": kinds}


def reading_initial(reading) -> dict:
    """The edit form's starting values: the current text with blank lines between paragraphs."""
    paragraphs = reading.current_paragraphs()
    return {
        "title": reading.title,
        "byline": reading.byline,
        "author_note": reading.author_note,
        "source": reading.source,
        "text": join_headings(paragraphs),
    }


class DraftForm(forms.Form):
    """The preview: reading details plus one text box and include switch per block."""

    title = forms.CharField(max_length=300, required=False, label=gettext_lazy("Title"))
    byline = forms.CharField(max_length=300, required=False, label=gettext_lazy("Byline"))
    author_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=gettext_lazy("About the author"),
    )
    language = forms.CharField(
        max_length=16,
        label=gettext_lazy("Language"),
        help_text=gettext_lazy("A language tag such as en, es or ar."),
    )
    direction = forms.ChoiceField(choices=Direction.choices, label=gettext_lazy("Direction"))

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        for index, block in enumerate(draft.blocks):
            self.fields[f"text-{index}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                strip=False,
                initial=block["text"],
                label=_("Block %(number)d") % {"number": index + 1},
            )
            self.fields[f"include-{index}"] = forms.BooleanField(
                required=False, initial=block["included"], label=_("Include")
            )
            self.fields[f"heading-{index}"] = forms.BooleanField(
                required=False,
                initial=block.get("kind") == ParagraphKind.HEADING,
                label=_("Heading"),
            )

    def detail_fields(self) -> list:
        return [self[name] for name in ("title", "byline", "author_note", "language", "direction")]

    def block_rows(self) -> list[dict]:
        """What the template loops over: each block's fields and its paragraph number
        (headings are not numbered)."""
        rows, number = [], 0
        for index, block in enumerate(self.draft.blocks):
            include, heading = self[f"include-{index}"], self[f"heading-{index}"]
            included = include.value() if self.is_bound else block["included"]
            is_heading = heading.value() if self.is_bound else heading.initial
            numbered = included and not is_heading
            number += 1 if numbered else 0
            rows.append(
                {
                    "index": index,
                    "text": self[f"text-{index}"],
                    "include": include,
                    "included": included,
                    "heading": heading,
                    "is_heading": is_heading,
                    "number": number if numbered else None,
                    "reason": REASON_LABELS.get(block["reason"], block["reason"]),
                    "last": index == len(self.draft.blocks) - 1,
                }
            )
        return rows

    def apply(self) -> None:
        """Copy the teacher's edits onto the draft (not saved)."""
        data = self.cleaned_data
        for name in ("title", "byline", "author_note", "language", "direction"):
            setattr(self.draft, name, data[name].strip())
        for index, block in enumerate(self.draft.blocks):
            block["text"] = data[f"text-{index}"].strip()
            block["included"] = data[f"include-{index}"] and bool(block["text"])
            block["kind"] = (
                ParagraphKind.HEADING if data[f"heading-{index}"] else ParagraphKind.PARAGRAPH
            )


def _file_help() -> str:
    return _("%(types)s — up to %(size)d MB.") % {
        "types": ", ".join(SUPPORTED_EXTENSIONS),
        "size": MAX_IMPORT_BYTES // 2**20,
    }


class ImportForm(forms.Form):
    """Exactly one way in: pasted text, an uploaded file, or a web page's address."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        label=gettext_lazy("Paste text"),
        help_text=gettext_lazy(
            "Paste a whole page if you like: Colloquy finds the title, byline and "
            "paragraphs and leaves the clutter out. You check everything before saving."
        ),
    )
    file = forms.FileField(
        required=False,
        label=gettext_lazy("Or upload a file"),
        help_text=lazy(_file_help, str)(),
    )
    url = forms.URLField(
        required=False,
        label=gettext_lazy("Or a web page address"),
        assume_scheme="https",
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def clean(self):
        data = super().clean()
        given = [name for name in ("text", "file", "url") if data.get(name)]
        if not given and not self.errors:
            raise ValidationError(_("Paste some text, choose a file, or give a web page address."))
        if len(given) > 1:
            raise ValidationError(_("Use one of the three at a time: paste, file or address."))
        upload = data.get("file")
        if upload and upload.size > MAX_IMPORT_BYTES:
            self.add_error(
                "file",
                _("This file is %(size)s MB; the limit is %(limit)d MB.")
                % {
                    "size": number_format(upload.size / 2**20, decimal_pos=1),
                    "limit": MAX_IMPORT_BYTES // 2**20,
                },
            )
        return data

    def fetches_or_parses_a_file(self) -> bool:
        """A web address or an upload, which cost a fetch or a parse of up to 10 MB."""
        return bool(self.cleaned_data["url"] or self.cleaned_data["file"])

    def source(self) -> ImportSource:
        """The raw material; fetching a URL happens here and may raise ValidationError."""
        data = self.cleaned_data
        if data["url"]:
            page = fetch_url(data["url"])
            return ImportSource(data=page.data, content_type=page.content_type, url=page.url)
        if data["file"]:
            upload = data["file"]
            return ImportSource(
                data=upload.read(), filename=upload.name, content_type=upload.content_type or ""
            )
        return ImportSource(data=data["text"])
