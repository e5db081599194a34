from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .fetching import fetch_url
from .importing import doubts
from .importing.pipeline import MAX_IMPORT_BYTES, SUPPORTED_EXTENSIONS, ImportSource
from .importing.reasons import REASON_LABELS
from .models import Direction, ParagraphKind
from .services import join_headings, sentence_starts, split_headings, split_paragraphs

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
    # Where the cursor stood in the block being split, counted in its text box as sent; the
    # page's script fills it in when Split is pressed.
    split_caret = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

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
            # A number, not a checked choice: a choice left over from text edited since
            # must not stop other buttons; splitting checks it against the text as sent.
            self.fields[f"split-{index}"] = forms.IntegerField(
                required=False,
                min_value=1,
                widget=forms.Select(choices=_sentence_choices(block["text"])),
                label=_("Split before"),
            )
        if draft.byline_doubt in doubts.LABELS:
            self.fields["byline"].help_text = format_html(
                '<strong class="doubt-flag">{}</strong> {}',
                _("Check:"),
                doubts.LABELS[draft.byline_doubt],
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
                    "split": self[f"split-{index}"],
                    "included": included,
                    "heading": heading,
                    "is_heading": is_heading,
                    "number": number if numbered else None,
                    "reason": REASON_LABELS.get(block["reason"], block["reason"]),
                    "last": index == len(self.draft.blocks) - 1,
                    "doubts": [doubts.LABELS[block["doubt"]]]
                    if block.get("doubt") in doubts.LABELS
                    else [],
                    "split_places": [],
                }
            )
        self._weigh_paragraph_shapes(rows)
        return rows

    def _weigh_paragraph_shapes(self, rows: list[dict]) -> None:
        """Mark the paragraphs, as the boxes now hold them, that may be several run together,
        and offer a split at each place they may divide."""
        paragraphs = [row for row in rows if row["number"]]
        texts = {row["index"]: _as_typed(row["text"].value() or "").strip() for row in paragraphs}
        long_words = doubts.long_paragraph_words(list(texts.values()))
        for row in paragraphs:
            text = texts[row["index"]]
            found = doubts.merge_doubts(text, long_words)
            row["doubts"] += found
            places = set(doubts.break_places(text))
            if found and not places:
                # Only its length tells: any sentence may be where the second paragraph starts.
                places = set(sentence_starts(text))
            row["split_places"] = [_split_place(text, at) for at in sorted(places)]

    def doubt_summary(self) -> list[dict]:
        """The places the importer was least sure about, in page order, each with the box it
        is about, for the list the teacher checks first."""
        places = []
        if self.draft.byline_doubt in doubts.LABELS:
            places.append(
                {
                    "field": self["byline"],
                    "name": self["byline"].label,
                    "doubts": [doubts.LABELS[self.draft.byline_doubt]],
                }
            )
        places += [
            {"field": row["text"], "name": _place_name(row), "doubts": row["doubts"]}
            for row in self.block_rows()
            if row["doubts"]
        ]
        return places

    def error_summary(self) -> list[dict]:
        """Every error, each with the box it is about and that box's name as the page shows
        it ("¶ 5", "Heading", or "Left-out block" for one left out), for the list at the top."""
        names = {}
        for row in self.block_rows():
            names[f"text-{row['index']}"] = names[f"split-{row['index']}"] = _place_name(row)
        return [
            {"field": self[name], "name": names.get(name) or self[name].label, "message": error}
            for name, errors in self.errors.items()
            if name != "__all__"
            for error in errors
        ]

    def split_point(self, index: int) -> int | None:
        """Where to split block `index`, counted in its text as applied: the cursor if it
        stood inside the text, else the sentence chosen, else None (split at blank lines)."""
        raw = _as_typed(self.cleaned_data.get(f"text-{index}", ""))
        text = raw.strip()
        caret = self.cleaned_data["split_caret"]
        if caret is not None:
            at = caret - (len(raw) - len(raw.lstrip()))
            if 0 < at < len(text):
                return at
        sentence = self.cleaned_data.get(f"split-{index}")
        if sentence is None:
            return None
        starts = sentence_starts(text)
        if not 1 <= sentence <= len(starts):
            # The text was edited since the choices were drawn and lost that sentence.
            raise ValidationError(_("That sentence is no longer in this block."))
        return starts[sentence - 1]

    def split_place(self, index: int, place: str) -> int:
        """Where "Split here" splits block `index`: one of the places its text as applied may
        divide (a line break, sentences run together, a sentence's start)."""
        blocks = self.draft.blocks
        text = blocks[index]["text"] if index < len(blocks) else ""
        at = int(place) if place.isdigit() else -1
        if at not in doubts.break_places(text) and at not in sentence_starts(text):
            raise ValidationError(
                _(
                    "This block no longer divides there; its text may have changed. "
                    "Press “Split here” again at the place you want."
                )
            )
        return at

    def apply(self) -> None:
        """Copy the teacher's edits onto the draft (not saved). A block or byline the teacher
        changed has been looked at: the importer's doubt about it is answered."""
        data = self.cleaned_data
        if data["byline"].strip() != self.draft.byline:
            self.draft.byline_doubt = ""
        for name in ("title", "byline", "author_note", "language", "direction"):
            setattr(self.draft, name, data[name].strip())
        for index, block in enumerate(self.draft.blocks):
            text = _as_typed(data[f"text-{index}"]).strip()
            included = data[f"include-{index}"] and bool(text)
            if (text, included) != (block["text"], block["included"]):
                block["doubt"] = ""
            block["text"], block["included"] = text, included
            block["kind"] = (
                ParagraphKind.HEADING if data[f"heading-{index}"] else ParagraphKind.PARAGRAPH
            )


def _place_name(row: dict) -> str:
    """A block's name as the preview shows it: "¶ 5", "Heading", or "Left-out block"."""
    if row["number"]:
        return _("¶ %(number)d") % {"number": row["number"]}
    return _("Heading") if row["included"] else _("Left-out block")


def _split_place(text: str, at: int) -> dict:
    """A place a paragraph may split, shown by the words either side of it."""
    return {
        "at": at,
        "before": " ".join(text[:at].split()[-5:]),
        "after": " ".join(text[at:].split()[:5]),
    }


def _as_typed(text: str) -> str:
    """A text box's value as its page's script counts it: browsers send line ends as CR LF."""
    return text.replace("\r\n", "\n")


def _sentence_choices(text: str) -> list[tuple]:
    """The sentences a block may split before, each shown by its first few words."""
    choices = [("", "—")]
    for number, start in enumerate(sentence_starts(text), start=1):
        opening = " ".join(text[start:].split()[:6])
        choices.append((number, _("“%(opening)s…”") % {"opening": opening}))
    return choices


def _file_help() -> str:
    return _("%(types)s — up to %(size)d MB.") % {
        "types": ", ".join(SUPPORTED_EXTENSIONS),
        "size": MAX_IMPORT_BYTES // 2**20,
    }


class ImportForm(forms.Form):
    """Exactly one way in: a web page's address, an uploaded file, or pasted text."""

    url = forms.URLField(
        required=False,
        label=gettext_lazy("A web page address"),
        assume_scheme="https",
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    file = forms.FileField(
        required=False,
        label=gettext_lazy("Or upload a file"),
        help_text=lazy(_file_help, str)(),
        # With JavaScript the preview opens once a file is chosen, as if Preview were pressed.
        widget=forms.ClearableFileInput(attrs={"data-preview-on-choose": ""}),
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        label=gettext_lazy("Or paste the text"),
        help_text=gettext_lazy(
            "Paste a whole page if you like: Colloquy finds the title, byline and "
            "paragraphs and leaves the clutter out. You check everything before saving."
        ),
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
