"""Small Word and PDF files built in memory for the import tests (nothing is read from disk)."""

import io

import docx


def make_docx(*, title: str, byline: str, paragraphs: list[str], heading: str = "") -> bytes:
    document = docx.Document()
    document.add_heading(title, level=0)  # Word's "Title" style
    document.add_paragraph(f"By {byline}")
    for number, text in enumerate(paragraphs):
        if heading and number == len(paragraphs) // 2:
            document.add_heading(heading, level=2)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def _text_stream(blocks: list[tuple[float, list[str]]]) -> bytes:
    """Lines of Helvetica, top to bottom; a wider gap between blocks makes them paragraphs."""
    commands = [b"BT"]
    y = 760.0
    for size, lines in blocks:
        for line in lines:
            commands.append(b"/F1 %.1f Tf 1 0 0 1 72 %.1f Tm (%s) Tj" % (size, y, _escape(line)))
            y -= size * 1.2
        y -= size * 1.6
    commands.append(b"ET")
    return b"\n".join(commands)


def _image_only_stream() -> bytes:
    # A filled grey rectangle stands in for a scanned page: marks on the page, no text.
    return b"0.5 g 72 72 468 648 re f"


def make_pdf(
    pages: list[list[tuple[float, list[str]]]] | None = None, *, encrypted: bool = False
) -> bytes:
    """A valid PDF with one page per entry of ``pages`` (an empty list of blocks draws a
    picture instead of text). ``encrypted`` adds a standard security handler whose password
    is unknown, as a password-protected PDF has."""
    pages = pages if pages is not None else [[]]
    objects: dict[int, bytes] = {}
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = []
    number = 4
    for blocks in pages:
        stream = _text_stream(blocks) if blocks else _image_only_stream()
        objects[number + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        kids.append(b"%d 0 R" % number)
        number += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    trailer_extra = b""
    if encrypted:
        objects[number] = (
            b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"ab" * 32 + b"> /U <"
            + b"cd" * 32 + b"> >>"
        )  # fmt: skip
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (number, b"01" * 16, b"01" * 16)
        number += 1
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for key in sorted(objects):
        offsets[key] = len(output)
        output += b"%d 0 obj\n%s\nendobj\n" % (key, objects[key])
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (number,)
    for key in range(1, number):
        output += b"%010d 00000 n \n" % offsets[key]
    output += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        number,
        trailer_extra,
        xref,
    )
    return bytes(output)
