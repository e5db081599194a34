"""Marking phrases of a paragraph's source text in its rendered HTML."""

from articles.highlighting import Highlight, TextMap, highlight
from articles.rendering import render_markdown, render_plain_text

SOURCE = 'We hold *these truths* to be [self-evident](https://example.org "a>b"), that all men'


def test_each_shown_character_traces_back_to_the_source():
    text_map = TextMap(render_markdown(SOURCE), SOURCE)
    assert text_map.shown.strip() == "We hold these truths to be self-evident, that all men"
    for shown_at, source_at in enumerate(text_map.source_of):
        if source_at is not None:
            assert SOURCE[source_at] == text_map.shown[shown_at]
    shown_at = text_map.shown.index("truths to be self")
    source = text_map.shown_to_source(shown_at, shown_at + len("truths to be self"))
    assert SOURCE[slice(*source)] == "truths* to be [self"


def test_entities_and_plain_text_line_breaks_keep_their_place():
    source = "Fish &amp; chips  \n   <b>bold</b>?"
    text_map = TextMap(render_plain_text(source), source)
    at = text_map.shown.index("<b>")
    assert text_map.source_of[at] == source.index("<b>")
    assert highlight(text_map, [Highlight(source.index("<b>"), len(source) - 1, "", "")]) == (
        "<p>Fish &amp;amp; chips<br>\n<mark >&lt;b&gt;bold&lt;/b&gt;</mark>?</p>\n"
    )


def test_a_mark_never_crosses_an_element_and_a_link_never_lands_in_a_link():
    html = highlight(
        TextMap(render_markdown(SOURCE), SOURCE),
        [
            Highlight(3, 15, 'class="a"', "<a>1</a>"),
            Highlight(SOURCE.index("["), SOURCE.index("]") + 1, 'class="b"', "<a>2</a>"),
        ],
    )
    assert (
        '<mark class="a">hold </mark><em><mark class="a">these </mark><a>1</a>truths</em>' in html
    )
    assert '<mark class="b">self-evident</mark></a><a>2</a>, that' in html
    assert 'title="a&gt;b"' in html


def test_text_without_markdown_needs_no_steps():
    assert TextMap(render_markdown("Plain words."), "Plain words.").offset_steps == ""
