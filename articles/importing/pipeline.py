"""One pipeline for every way a reading comes in: pasted text, an uploaded file, or a URL."""

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath

from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import cleanup, text_shape
from .candidates import Candidate, Hints
from .documents import read_docx, read_pdf, read_text
from .html import read_html
from .language import detect_language, direction_for
from .reading import BlockKind, ImportedReading
from .tuning import DEFAULT_TUNING, Tuning

MAX_IMPORT_BYTES = 10 * 1024 * 1024
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


_BY_EXTENSION = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".docx": Format.DOCX,
    ".pdf": Format.PDF,
}
_BY_CONTENT_TYPE = {
    "text/plain": Format.TEXT,
    "text/markdown": Format.MARKDOWN,
    "text/x-markdown": Format.MARKDOWN,
    "text/html": Format.HTML,
    "application/xhtml+xml": Format.HTML,
    DOCX_CONTENT_TYPE: Format.DOCX,
    "application/pdf": Format.PDF,
}
SUPPORTED_EXTENSIONS = sorted(_BY_EXTENSION)


@dataclass(frozen=True)
class ImportSource:
    """Raw material for an import, as the form, the command line or the fetcher received it."""

    data: bytes | str
    filename: str = ""
    content_type: str = ""
    url: str = ""


def detect_format(data: bytes | str, *, filename: str = "", content_type: str = "") -> Format:
    if filename:
        extension = PurePath(filename).suffix.lower()
        if extension in _BY_EXTENSION:
            return _BY_EXTENSION[extension]
        if extension:
            raise ValidationError(
                _("Colloquy cannot import %(extension)s files. Use one of: %(supported)s.")
                % {"extension": extension, "supported": ", ".join(SUPPORTED_EXTENSIONS)}
            )
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in _BY_CONTENT_TYPE:
        return _BY_CONTENT_TYPE[media_type]
    head = data[:1024] if isinstance(data, bytes) else data[:1024].encode("utf-8", "replace")
    if head.startswith(b"%PDF-"):
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        return Format.DOCX
    if re.search(rb"<(?:!doctype html|html[\s>]|head[\s>]|body[\s>])", head.lower()):
        return Format.HTML
    return Format.TEXT


def decode_text(data: bytes | str) -> str:
    """Text files in any common encoding; anything binary is refused rather than shown as junk."""
    if isinstance(data, str):
        return data
    if b"\x00" in data[:8192]:
        raise ValidationError(_("This file holds binary data, not text. Upload a text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise ValidationError(
                _("This file holds binary data, not text. Upload a text file.")
            ) from None
        text = str(best)
    if len(_CONTROL_CHARACTERS.findall(text[:20000])) > max(2, len(text[:20000]) // 200):
        raise ValidationError(_("This file holds binary data, not text. Upload a text file."))
    return text


def _check_size(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("This is %(size)s MB; Colloquy imports readings of up to %(limit)d MB.")
            % {
                "size": number_format(size / 1024 / 1024, decimal_pos=1),
                "limit": MAX_IMPORT_BYTES // 1024 // 1024,
            }
        )


def _reads_like_an_article(paragraphs: list[str]) -> bool:
    """A page's leftovers (a menu, a cookie notice) are a few words and no sentence."""
    total_words = sum(text_shape.word_count(text) for text in paragraphs)
    return total_words >= 30 or any(text_shape.is_sentence(text) for text in paragraphs)


@dataclass(frozen=True)
class ParsedSource:
    """A source read into candidate blocks, before any judgement about them; the corpus bench
    keeps these to judge the same pages under many tunings."""

    file_format: Format
    candidates: list[Candidate]
    hints: Hints
    filename: str
    url: str


def parse_source(
    *, data: bytes | str, filename: str = "", content_type: str = "", url: str = ""
) -> ParsedSource:
    _check_size(len(data.encode("utf-8")) if isinstance(data, str) else len(data))
    if not data.strip():
        raise ValidationError(_("There is no text to import: the paste or file is empty."))
    file_format = detect_format(data, filename=filename, content_type=content_type)
    hints = Hints()
    if file_format == Format.HTML:
        candidates, hints = read_html(data, url=url)
    elif file_format == Format.DOCX:
        candidates = read_docx(data if isinstance(data, bytes) else data.encode())
    elif file_format == Format.PDF:
        candidates = read_pdf(data if isinstance(data, bytes) else data.encode())
    else:
        candidates = read_text(decode_text(data))
    return ParsedSource(file_format, candidates, hints, filename, url)


def reading_from(parsed: ParsedSource, *, tuning: Tuning = DEFAULT_TUNING) -> ImportedReading:
    """Decide what of a parsed source is the reading: title, byline, text and its language."""
    file_format, hints, filename = parsed.file_format, parsed.hints, parsed.filename
    assembled = cleanup.assemble(parsed.candidates, hints, tuning)
    paragraphs = [block.text for block in assembled.blocks if block.included]
    if file_format == Format.HTML and not _reads_like_an_article(paragraphs):
        raise ValidationError(
            _(
                "No article text was found on this page. If the page shows the text only after "
                "a login or in an app, paste the text instead."
            )
        )
    if not any(block.kind == BlockKind.PARAGRAPH for block in assembled.blocks):
        raise ValidationError(_("There is no text to import: nothing but headings or boilerplate."))
    title = assembled.title or (PurePath(filename).stem.replace("_", " ") if filename else "")
    lang = detect_language(" ".join(paragraphs), declared=hints.language)
    return ImportedReading(
        title=title,
        byline=assembled.byline,
        byline_doubt=assembled.byline_doubt,
        author_note=assembled.author_note,
        blocks=assembled.blocks,
        lang=lang,
        dir=direction_for(lang),
        source=parsed.url,
        text_format="markdown" if file_format == Format.MARKDOWN else "plain",
    )


def extract_reading(
    *, data: bytes | str, filename: str = "", content_type: str = "", url: str = ""
) -> ImportedReading:
    """Turn pasted text, a file's bytes or a fetched page into a reading ready for preview."""
    parsed = parse_source(data=data, filename=filename, content_type=content_type, url=url)
    return reading_from(parsed)


def extract_source(source: ImportSource) -> ImportedReading:
    return extract_reading(
        data=source.data, filename=source.filename, content_type=source.content_type, url=source.url
    )


def is_url(location: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", location.strip()))


def load_source(location: str) -> ImportSource:
    """A file path or a URL (fetched safely), as the command line names it."""
    if is_url(location):
        from articles.fetching import fetch_url

        page = fetch_url(location.strip())
        return ImportSource(data=page.data, content_type=page.content_type, url=page.url)
    path = Path(location)
    if not path.is_file():
        raise ValidationError(_("No such file: %(path)s") % {"path": location})
    _check_size(path.stat().st_size)
    return ImportSource(data=path.read_bytes(), filename=path.name)
