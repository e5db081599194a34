"""The import pipeline: every format in, a clean title, byline, author note and paragraphs out."""

import pytest
from django.core.exceptions import ValidationError

from articles.importing import MAX_IMPORT_BYTES, BlockKind, ImportSource, extract_reading
from articles.models import Reading
from articles.services import reading_import
from tests.factories import UserFactory

from . import SEED_READING
from .document_files import make_docx, make_pdf

SEED_TITLE = "The US Is Occupying Iraq For A Second Time"
SEED_BIO_START = "Robert Inlakesh is a journalist, writer and political analyst"


def seed_text() -> str:
    return SEED_READING.read_text(encoding="utf-8")


def expected_seed_paragraphs() -> list[str]:
    """The 12 body paragraphs exactly as the file has them: every block after the bio."""
    blocks = [block.strip() for block in seed_text().split("\n\n") if block.strip()]
    bio = next(i for i, block in enumerate(blocks) if block.startswith(SEED_BIO_START))
    return blocks[bio + 1 :]


def assert_is_seed(imported) -> None:
    assert imported.title == SEED_TITLE
    assert imported.byline == "Robert Inlakesh"
    assert imported.author_note.startswith(SEED_BIO_START)
    assert imported.author_note.endswith("He also works for Press TV as a European correspondent.")
    assert imported.paragraphs == expected_seed_paragraphs()
    assert len(imported.paragraphs) == 12
    assert "Iraq’s already fragile economy" in imported.paragraphs[2]  # curly quotes kept
    assert "stated – contrary to International law –" in imported.paragraphs[2]  # dashes kept
    excluded = {block.text: block.reason for block in imported.excluded}
    assert excluded["Most Popular"] and excluded["Most Viewed"]
    assert imported.lang == "en" and imported.dir == "ltr"


def test_seed_reading_pasted_gives_exact_title_byline_note_and_paragraphs():
    assert_is_seed(extract_reading(data=seed_text()))


def test_seed_reading_uploaded_as_a_file_gives_the_same_result():
    assert_is_seed(
        extract_reading(data=SEED_READING.read_bytes(), filename="us-occupying-iraq.txt")
    )


def test_every_block_is_numbered_for_the_preview_with_a_reason_when_left_out():
    imported = extract_reading(data=seed_text())
    kinds = [(block.kind, block.reason) for block in imported.blocks]
    assert kinds[:5] == [
        (BlockKind.EXCLUDED, "site chrome"),
        (BlockKind.EXCLUDED, "site chrome"),
        (BlockKind.EXCLUDED, "title"),
        (BlockKind.EXCLUDED, "byline"),
        (BlockKind.EXCLUDED, "author note"),
    ]
    assert all(kind == (BlockKind.PARAGRAPH, "") for kind in kinds[5:])
    assert len(imported.blocks) == 17


@pytest.mark.django_db
def test_reading_import_saves_the_seed_with_its_metadata():
    teacher = UserFactory()
    source = ImportSource(data=SEED_READING.read_bytes(), filename="us-occupying-iraq.txt")
    reading = reading_import(source=source, owner=teacher)
    assert reading.title == SEED_TITLE
    assert reading.byline == "Robert Inlakesh"
    assert reading.author_note.startswith(SEED_BIO_START)
    assert (reading.language, reading.direction) == ("en", "ltr")
    assert [p.text for p in reading.current_paragraphs()] == expected_seed_paragraphs()


def test_plain_text_rules_are_general_not_tied_to_the_seed():
    text = (
        "Trending\n\nLatest News\n\n"
        "Why Rivers Flood In Spring\n\n"
        "By Ana María de la Cruz\n\n"
        "Ana María de la Cruz is a science writer who covers hydrology.\n\n"
        "Snow melts in the mountains and the water has to go somewhere.\n\n"
        "Share this article\n\n"
        "Most rivers rise slowly, but some rise in a single night.\n\n"
        "Sign up for our weekly newsletter to get stories like this in your inbox."
    )
    imported = extract_reading(data=text)
    assert imported.title == "Why Rivers Flood In Spring"
    assert imported.byline == "Ana María de la Cruz"
    assert imported.author_note.startswith("Ana María de la Cruz is a science writer")
    assert imported.paragraphs == [
        "Snow melts in the mountains and the water has to go somewhere.",
        "Most rivers rise slowly, but some rise in a single night.",
    ]
    reasons = {block.text: block.reason for block in imported.excluded}
    assert reasons["Share this article"] == "share prompt"
    assert reasons["Trending"] == "site chrome"
    assert "newsletter" in reasons[text.rsplit("\n\n", 1)[1]]


def test_pasted_text_with_a_subtitle_and_no_byline():
    text = (
        "The Long Walk Home\n\nNotes from a week on the coast path\n\n"
        "We set out on a Monday, with more luggage than sense and a map from 1987."
    )
    imported = extract_reading(data=text)
    assert imported.title == "The Long Walk Home"
    assert imported.byline == ""
    assert imported.paragraphs == [
        "Notes from a week on the coast path",
        "We set out on a Monday, with more luggage than sense and a map from 1987.",
    ]


def test_pasted_paragraphs_without_a_headline_keep_every_paragraph():
    text = (
        "It was the best of times, it was the worst of times, it was the age of wisdom.\n\n"
        "There were a king with a large jaw and a queen with a plain face, on the throne."
    )
    imported = extract_reading(data=text)
    assert imported.title == ""
    assert len(imported.paragraphs) == 2


def test_a_bio_in_the_middle_of_the_story_stays_a_paragraph():
    text = (
        "A Day At The Port\n\n"
        "The ships came in at dawn, and the cranes started before the sun was up.\n\n"
        "Maria Lopez is a crane operator who has worked here for twenty years.\n\n"
        "She says the work has changed more in five years than in the fifteen before."
        "\n\nBy noon the first ship was empty and the second was already waiting."
    )
    imported = extract_reading(data=text)
    assert imported.author_note == ""
    assert len(imported.paragraphs) == 4


def test_markdown_heading_is_the_title_and_markdown_is_kept_in_paragraphs():
    text = "# On *Walden*\n\nThoreau went to the woods.\n\n## Why\n\nTo live **deliberately**."
    imported = extract_reading(data=text.encode(), filename="walden.md")
    assert imported.title == "On *Walden*"
    assert imported.paragraphs == [
        "Thoreau went to the woods.",
        "Why",
        "To live **deliberately**.",
    ]
    assert imported.kinds == ["paragraph", "heading", "paragraph"]


def test_html_sub_headings_stay_headings_in_order():
    html = (
        "<html><head><title>Tides and the moon</title></head><body><article>"
        "<h1>Tides and the moon</h1>"
        "<p>The sea rises and falls twice a day, and sailors have planned around it for ages.</p>"
        "<h2>Why the moon matters</h2>"
        "<p>The moon pulls on the water nearest to it a little more than on the earth itself.</p>"
        "<h3>Spring tides</h3>"
        "<p>When the sun and the moon line up, their pulls add up and the tides run highest.</p>"
        "</article></body></html>"
    )
    imported = extract_reading(data=html.encode(), filename="tides.html")
    assert imported.kinds == ["paragraph", "heading", "paragraph", "heading", "paragraph"]
    assert imported.paragraphs[1] == "Why the moon matters"
    assert imported.paragraphs[3] == "Spring tides"


def test_word_heading_styles_stay_headings():
    data = make_docx(
        title="The Water Cycle",
        byline="Ana Ruiz",
        paragraphs=[
            "Water moves between the oceans, the air and the land without ever stopping.",
            "The sun warms the sea and some of the water rises into the air as vapour.",
        ],
        heading="Evaporation",
    )
    imported = extract_reading(data=data, filename="water.docx")
    assert imported.title == "The Water Cycle"
    assert imported.kinds == ["paragraph", "heading", "paragraph"]
    assert imported.paragraphs[1] == "Evaporation"


PLAIN_WITH_A_HEADING = (
    "The Water Cycle\n\n"
    "Water moves between the oceans, the air and the land in a cycle that never stops.\n\n"
    "Evaporation\n\n"
    "The sun warms the sea and some of the water rises into the air as vapour we cannot see.\n\n"
    "Clouds form when the vapour cools high above the ground, and then it rains again."
)


def test_plain_text_short_line_between_paragraphs_is_a_heading():
    imported = extract_reading(data=PLAIN_WITH_A_HEADING.encode(), filename="water.txt")
    assert imported.title == "The Water Cycle"
    assert imported.kinds == ["paragraph", "heading", "paragraph", "paragraph"]


@pytest.mark.parametrize(
    "line",
    [
        "It rained.",  # a finished sentence
        "Did it rain?",  # a question
        "and then the rain came down",  # not capitalised
        "“Rain,” she said",  # ends as speech
        "A line of many words that runs on for far too long to be a sub-heading really",
    ],
)
def test_plain_text_lines_that_read_as_text_stay_paragraphs(line):
    text = PLAIN_WITH_A_HEADING.replace("Evaporation", line)
    imported = extract_reading(data=text.encode(), filename="water.txt")
    assert imported.kinds == ["paragraph"] * 4


def test_plain_text_short_line_without_a_paragraph_on_both_sides_stays_a_paragraph():
    text = PLAIN_WITH_A_HEADING + "\n\nThe end"
    imported = extract_reading(data=text.encode(), filename="water.txt")
    assert imported.kinds[-1] == "paragraph"


def test_text_in_another_encoding_is_decoded():
    text = "Le Café De La Gare\n\nIl était une fois un café où l’on parlait de tout et de rien."
    imported = extract_reading(data=text.encode("cp1252"), filename="cafe.txt")
    assert imported.title == "Le Café De La Gare"
    assert imported.paragraphs[0].startswith("Il était une fois un café")
    assert imported.lang == "fr"


def test_html_page_title_byline_and_boilerplate():
    body = "".join(
        f"<p>Paragraph {n} tells how the valley changed after the dam was built in {1950 + n}, "
        "and what the farmers who stayed remember about the years before the water came.</p>"
        for n in range(6)
    )
    html = f"""<!doctype html><html lang="en"><head><title>The Valley | Daily Paper</title>
    <meta name="author" content="Sam Reyes"></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>The Valley</h1><p class="byline">By Sam Reyes</p>{body}
    <p>Share this article</p></article>
    <aside><h2>Most Popular</h2><ul><li><a href="/a">A story about something else</a></li>
    <li><a href="/b">Another story about something else</a></li></ul></aside>
    <footer>Privacy Policy</footer></body></html>"""
    imported = extract_reading(data=html.encode(), filename="valley.html")
    assert imported.title == "The Valley"
    assert imported.byline == "Sam Reyes"
    assert len(imported.paragraphs) == 6
    assert all(p.startswith("Paragraph ") for p in imported.paragraphs)


def test_docx_title_byline_headings_and_paragraphs():
    data = make_docx(
        title="Moby Dick",
        byline="Herman Melville",
        paragraphs=[
            "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.",
            "It is a way I have of driving off the spleen and regulating the circulation.",
        ],
        heading="Loomings",
    )
    imported = extract_reading(data=data, filename="moby.docx")
    assert imported.title == "Moby Dick"
    assert imported.byline == "Herman Melville"
    assert imported.paragraphs[1] == "Loomings"
    assert imported.paragraphs[0].startswith("Call me Ishmael.")
    assert len(imported.paragraphs) == 3


def test_pdf_lines_are_joined_into_paragraphs_and_large_type_is_the_title():
    data = make_pdf(
        [
            [
                (20, ["A Reading About Rivers"]),
                (11, ["By Jane Doe"]),
                (11, ["Rivers carry water from the hills to the sea, and", "they shape the land."]),
                (11, ["Every river has a source, a course and a mouth. Some of", "them flood."]),
            ],
            [(11, ["On the second page the river reaches the delta and slows."])],
        ]
    )
    imported = extract_reading(data=data, filename="rivers.pdf")
    assert imported.title == "A Reading About Rivers"
    assert imported.byline == "Jane Doe"
    assert imported.paragraphs == [
        "Rivers carry water from the hills to the sea, and they shape the land.",
        "Every river has a source, a course and a mouth. Some of them flood.",
        "On the second page the river reaches the delta and slows.",
    ]


def test_content_type_chooses_the_format_when_there_is_no_file_name():
    html = b"<html><body><article><h1>A Title Here</h1>" + b"<p>Words in a paragraph.</p>" * 5
    html += b"<p>" + b"A longer paragraph of text that says something. " * 8 + b"</p></article>"
    imported = extract_reading(data=html, content_type="text/html; charset=utf-8")
    assert imported.title == "A Title Here"
    assert not any("<p>" in p for p in imported.paragraphs)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        ("", "", "no text to import"),
        ("  \n\n\t  ", "", "no text to import"),
        (b"", "empty.txt", "no text to import"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "photo.txt", "binary"),
        (bytes(range(1, 32)) * 40, "control.txt", "binary"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "program.exe", "cannot import .exe"),
        (b"not really a word file", "essay.docx", "could not be opened"),
        (b"%PDF-1.4 this is not a PDF at all", "broken.pdf", "could not be read"),
        (make_pdf(), "scan.pdf", "No text found"),
        (make_pdf([[(11, ["Secret words here."])]], encrypted=True), "locked.pdf", "password"),
        (
            b"<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>",
            "empty.html",
            "No article text was found",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(data, filename, message):
    with pytest.raises(ValidationError) as raised:
        extract_reading(data=data, filename=filename)
    assert message.lower() in " ".join(raised.value.messages).lower()


@pytest.mark.django_db
def test_a_20_mb_upload_is_refused_before_any_parsing_and_nothing_is_saved():
    data = b"word " * (20 * 1024 * 1024 // 5)
    assert len(data) > MAX_IMPORT_BYTES
    with pytest.raises(ValidationError) as raised:
        reading_import(source=ImportSource(data=data, filename="huge.txt"), owner=UserFactory())
    assert "20.0 MB" in raised.value.messages[0]
    assert "up to 10 MB" in raised.value.messages[0]
    assert not Reading.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "filename"),
    [("", "paste.txt"), (make_pdf(), "scan.pdf"), (b"\x00\x01\x02binary", "notes.txt")],
)
def test_failed_imports_save_nothing(data, filename):
    with pytest.raises(ValidationError):
        reading_import(source=ImportSource(data=data, filename=filename), owner=UserFactory())
    assert not Reading.objects.exists()


@pytest.mark.django_db
def test_an_import_without_any_title_is_refused_at_save_time():
    source = ImportSource(data="just one short line of text without an ending")
    with pytest.raises(ValidationError, match="title"):
        reading_import(source=source, owner=UserFactory())
    assert not Reading.objects.exists()
