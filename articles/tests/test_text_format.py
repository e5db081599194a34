"""Imported pages are shown as written; pasted Markdown keeps its formatting."""

import pytest

from articles.importing import extract_reading
from articles.services import reading_create, reading_save_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = """<html><head><title>Rankings</title></head><body><article><h1>Rankings</h1>
<p>Countries ranked by output, with the leader first in the list that follows here.</p>
<p>10. United States is *tenth* on this list, and #1 is elsewhere [see](javascript:x).</p>
<p>Line one of a poem<br>line two of a poem, which the page breaks on purpose.</p>
</article></body></html>"""


def test_an_imported_page_renders_its_text_literally():
    imported = extract_reading(data=PAGE, filename="page.html")
    reading = reading_save_import(imported=imported, owner=UserFactory())
    html = [p.html for p in reading.current_paragraphs()]
    assert any("10. United States is *tenth*" in h and "<ol" not in h for h in html)
    assert not any("<em>" in h or "<a " in h for h in html)


def test_a_pasted_markdown_reading_keeps_its_formatting():
    reading = reading_create(
        owner=UserFactory(),
        title="Notes",
        paragraphs=["Some *emphasis* and a [link](https://x.org)."],
    )
    html = reading.current_paragraphs().get().html
    assert "<em>emphasis</em>" in html and 'href="https://x.org"' in html


def test_a_markdown_file_import_keeps_its_formatting():
    data = b"# Notes on Reading\n\nA paragraph with *emphasis* in it, long enough to count.\n"
    imported = extract_reading(data=data, filename="notes.md")
    reading = reading_save_import(imported=imported, owner=UserFactory())
    assert "<em>emphasis</em>" in reading.current_paragraphs().first().html
