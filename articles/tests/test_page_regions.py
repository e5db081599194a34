"""Boilerplate is recognised by where the page's markup puts it (a figure caption, a feed of
teasers, a form or sidebar, a hidden block) and how much of it is link text."""

import pytest
from trafilatura.utils import load_html

from articles.importing import extract_reading
from articles.importing.candidates import Candidate, Hints, Region
from articles.importing.cleanup import assemble
from articles.importing.page_map import PageMap

BODY = [
    "The river rose through the night and by morning it had reached the old mill.",
    "Neighbours carried sandbags to the doors of the houses closest to the water.",
    "By noon the rain had stopped, and the first boats went out to check the fields.",
    "The council promised to repair the embankment before the next winter comes round.",
]


def paragraphs(extra_before: str = "", extra_after: str = "", wrap: str = "article") -> list:
    body = "".join(f"<p>{text}</p>" for text in BODY)
    html = (
        "<html><head><title>The flood</title></head><body>"
        f"<{wrap}><h1>The flood</h1>{extra_before}{body}{extra_after}</{wrap}></body></html>"
    )
    return extract_reading(data=html.encode(), filename="flood.html").paragraphs


def test_a_feed_of_teasers_for_other_stories_is_left_out():
    teasers = "".join(
        f"<li><h3><a href='/story-{n}'>Another story number {n} about the town</a></h3>"
        f"<p>Summary {n}: the mayor said on Monday that the budget for the new school year "
        "would be presented to the council before the end of the month.</p></li>"
        for n in range(4)
    )
    assert paragraphs(extra_after=f"<ul>{teasers}</ul>") == BODY


PAGE = (
    """<html><body><nav><a href="/">Front page of the paper</a></nav>
<article><h1>The flood</h1>
<p>The river rose through the night and reached the <a href="/mill">old mill</a>.</p>
<figure><img src="mill.jpg"><figcaption>Water around the old mill</figcaption></figure>
<div style="display:none">The river rose through the night and reached the old mill.</div>
<p><a href="/a">The first story elsewhere</a> <a href="/b">and a second one</a></p>
<form><p>Get the morning briefing every weekday</p></form></article>
<ul>"""
    + "".join(
        f"<li><a href='/s{n}'><h3>Story {n}</h3></a><p>Summary of story {n}.</p></li>"
        for n in range(3)
    )
    + """</ul></body></html>"""
)


def locate(text: str):
    return PageMap(load_html(PAGE)).locate(text)


def test_the_page_map_finds_link_text_and_the_region_of_each_block():
    assert locate("The river rose through the night and reached the old mill.") == (
        len("oldmill") / len("Theriverrosethroughthenightandreachedtheoldmill."),
        Region.BODY,
    )
    assert locate("The first story elsewhere and a second one") == (1.0, Region.BODY)
    assert locate("Water around the old mill") == (0.0, Region.CAPTION)
    assert locate("Get the morning briefing every weekday") == (0.0, Region.ASIDE)
    assert locate("Summary of story 1.") == (0.0, Region.FEED)
    assert locate("Not on the page at all") is None


def test_a_hidden_copy_of_a_block_counts_only_when_there_is_no_visible_one():
    page_map = PageMap(load_html(PAGE))
    page_map.locate("Water around the old mill")
    text = "The river rose through the night and reached the old mill."
    assert page_map.locate(text)[1] == Region.HIDDEN
    assert PageMap(load_html(PAGE)).locate(text)[1] == Region.BODY


def blocks(region_of_extra: Region, extra_count: int = 1) -> list[Candidate]:
    body = [Candidate(text) for text in BODY]
    extra = [
        Candidate(
            f"A line of text number {n} that the markup places aside.", region=region_of_extra
        )
        for n in range(extra_count)
    ]
    return [*body, *extra]


@pytest.mark.parametrize("region", [Region.CAPTION, Region.ASIDE, Region.FEED, Region.HIDDEN])
def test_blocks_the_markup_places_outside_the_article_are_left_out(region):
    assembled = assemble(blocks(region), Hints(title="The flood"))
    assert [block.text for block in assembled.blocks if block.included] == BODY


def test_a_form_or_hidden_block_holding_most_of_the_text_is_the_main_column():
    candidates = [Candidate(text, region=Region.ASIDE) for text in BODY]
    assembled = assemble(candidates, Hints(title="The flood"))
    assert [block.text for block in assembled.blocks if block.included] == BODY
