"""Plain text, Markdown, Word and PDF files turned into candidate blocks."""

import io
import re
import statistics
import zipfile

import docx
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextContainer
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .candidates import Candidate, Role
from .text_shape import is_sentence, words

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
_MARKDOWN_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+\S")
MAX_PDF_PAGES = 500


def read_text(text: str) -> list[Candidate]:
    """Blank lines separate blocks; single line breaks stay inside one (as in pasted text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    candidates = []
    for chunk in _BLANK_LINE.split(text):
        block = "\n".join(line.rstrip() for line in chunk.strip("\n").splitlines()).strip()
        if not block:
            continue
        if _MARKDOWN_HEADING.match(block) and "\n" not in block:
            role = Role.HEADING
        elif _MARKDOWN_LIST_ITEM.match(block):
            role = Role.LIST_ITEM
        else:
            role = Role.PARAGRAPH
        candidates.append(Candidate(block, role))
    _mark_plain_headings(candidates)
    return candidates


def _is_plain_heading(text: str) -> bool:
    """A line of a few words that opens with a capital or a digit and closes with neither
    punctuation nor a quote mark: "Early life", "2. The second wave"."""
    text = text.strip()
    return (
        "\n" not in text
        and len(text) <= 80
        and 1 <= len(words(text)) <= 10
        and (text[0].isupper() or text[0].isdigit())
        and text[-1].isalnum()
    )


def _mark_plain_headings(candidates: list[Candidate]) -> None:
    """Plain text has no markup for sub-headings, so only a short title-like line standing
    alone between two full paragraphs counts as one; anything less sure stays a paragraph."""
    for before, candidate, after in zip(candidates, candidates[1:], candidates[2:], strict=False):
        if (
            candidate.role == Role.PARAGRAPH
            and before.role == after.role == Role.PARAGRAPH
            and is_sentence(before.text)
            and is_sentence(after.text)
            and _is_plain_heading(candidate.text)
        ):
            candidate.role = Role.HEADING


def read_docx(data: bytes) -> list[Candidate]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationError(
            _("This .docx file could not be opened; is it a Word document?")
        ) from error
    candidates = []
    for part in document.iter_inner_content():
        if isinstance(part, Table):
            for row in part.rows:
                text = " ".join(cell.text.strip() for cell in row.cells if cell.text.strip())
                if text:
                    candidates.append(Candidate(text, Role.TABLE_ROW))
            continue
        text = part.text.strip()
        if not text:
            continue
        style = (part.style.name if part.style is not None else "").lower()
        if style == "title" or style.startswith("heading"):
            role = Role.HEADING
        elif style.startswith("list"):
            role = Role.LIST_ITEM
        elif style == "caption":
            role = Role.CAPTION
        elif style in ("quote", "intense quote", "block text"):
            role = Role.QUOTE
        else:
            role = Role.PARAGRAPH
        candidates.append(Candidate(text, role))
    return candidates


def _box_text(box: LTTextContainer) -> str:
    lines = [line.get_text().strip() for line in box]
    text = ""
    for line in lines:
        if not line:
            continue
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line  # a word hyphenated across lines
        else:
            text = f"{text} {line}" if text else line
    return re.sub(r"[ \t]+", " ", text).strip()


def _box_size(box: LTTextContainer) -> float:
    sizes = [char.size for line in box for char in line if isinstance(char, LTChar)]
    return statistics.median(sizes) if sizes else 0.0


def read_pdf(data: bytes) -> list[Candidate]:
    """pdfminer groups lines into text boxes, which are the PDF's paragraphs; larger type is a
    heading."""
    boxes: list[tuple[str, float]] = []
    try:
        for page in extract_pages(io.BytesIO(data), maxpages=MAX_PDF_PAGES, laparams=LAParams()):
            for element in page:
                if isinstance(element, LTTextContainer):
                    text = _box_text(element)
                    if text:
                        boxes.append((text, _box_size(element)))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise ValidationError(
            _(
                "This PDF is password-protected. Remove the password (or print it to a new PDF) "
                "and upload it again."
            )
        ) from error
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError) as error:
        raise ValidationError(_("This PDF could not be read; the file may be damaged.")) from error
    if not boxes:
        raise ValidationError(
            _(
                "No text found in this PDF. It may be a scanned image; "
                "paste the text or upload a text-based PDF instead."
            )
        )
    body_size = statistics.median(size for _text, size in boxes)
    return [
        Candidate(
            text, Role.HEADING if size > body_size * 1.25 and len(text) < 200 else Role.PARAGRAPH
        )
        for text, size in boxes
    ]
