"""Rendering cost is bounded: any comment within the length limit renders with work linear in
its length into at most 10 times its length of HTML, however it was built.

Work is counted in Python function calls, which do not depend on the machine or its load;
`bench/rendering_cost.py` prints the same cases in milliseconds."""

import cProfile
import pstats

import pytest
from django.conf import settings

from articles.formulas import MAX_FORMULA_LENGTH, MAX_FORMULA_NESTING
from articles.rendering import render_markdown, render_plain_text

LIMIT = settings.COMMENT_MAX_LENGTH
# The costliest case today makes about 78 calls a character; markdown-it's own look-ahead for
# nested links (before the bounded look-ahead in articles/rendering.py) made 109.
MAX_CALLS_PER_CHARACTER = 100
MAX_GROWTH = 10


def fill(pattern: str, *, head: str = "", tail: str = "") -> str:
    """`pattern` repeated until the whole text, with head and tail, is exactly at the limit."""
    room = LIMIT - len(head) - len(tail)
    return head + (pattern * (room // len(pattern) + 1))[:room] + tail


def nested_list(marker: str) -> str:
    lines, depth = [], 0
    while sum(len(line) + 1 for line in lines) < LIMIT:
        lines.append("  " * depth + f"{marker} item")
        depth += 1
    return "\n".join(lines)[:LIMIT]


def longest_formulas(unit: str, *, head: str = "", tail: str = "") -> str:
    """Formulas as long as a formula may be, `unit` repeated whole inside (then letters, so
    that the formula stays well formed), filling the whole text."""
    room = MAX_FORMULA_LENGTH - len(head) - len(tail)
    units = unit * (room // len(unit))
    return fill("$" + head + units + "x" * (room - len(units)) + tail + "$ ")


REFERENCE = "[a]: https://example.com/" + "x" * 2000 + ' "' + "t" * 500 + '"\n\n'

PATHOLOGICAL = {
    # Deep nesting
    "quote markers": fill(">"),
    "spaced quote markers": fill("> "),
    "quotes then text": fill("> ", tail="deep text"),
    "bullet markers": fill("* "),
    "dash markers": fill("- "),
    "ordered markers": fill("1. "),
    "indented nested list": nested_list("-"),
    "indented nested stars": nested_list("*"),
    "quote and list": fill("> - "),
    "list and quote": fill("- > "),
    "empty nested quotes": fill(">>\n\n"),
    "twenty empty quotes": fill(">" * 20 + "\n\n"),
    "alternating bullets": fill("-\n+\n"),
    "open brackets": fill("["),
    "open brackets, then a link": fill("[", tail="](https://example.com)"),
    "close brackets": fill("]"),
    "bracket pairs": fill("[]"),
    "brackets in brackets": fill("[[[a](b)]]"),
    "unfinished links": fill("[a]("),
    "empty links": fill("[]()"),
    "tiny links": fill("[](a)"),
    "open parens in a link": fill("(", head="[a]("),
    "open angle destinations": fill("[a](<"),
    "unfinished titles": fill('[a](b "'),
    # Long runs of emphasis and code markers
    "stars": fill("*"),
    "underscores": fill("_"),
    "backticks": fill("`"),
    "tildes": fill("~"),
    "star and letter": fill("*a"),
    "letter and star": fill("a*"),
    "underscore and letter": fill("_a"),
    "stars and underscores": fill("*_"),
    "strong openers": fill("**a"),
    "mixed emphasis": fill("*a **b "),
    "code spans": fill("`a``"),
    "strikethrough": fill("~~a"),
    "backslashes": fill("\\"),
    "escaped stars": fill("\\*"),
    "code fences": fill("```\n"),
    "headings": fill("# a\n"),
    "rules": fill("---\n\n"),
    "hard breaks": fill("a  \n"),
    "backslash breaks": fill("\\\n"),
    "blank lines": fill("\n"),
    "indentation": fill(" ", tail="a"),
    # Reference links (switched off, so these stay text and cannot amplify)
    "one reference used many times": fill("[a] ", head=REFERENCE),
    "full references": fill("[x][a]", head=REFERENCE),
    "collapsed references": fill("[a][]", head=REFERENCE),
    "many definitions": fill("[a]: /u\n"),
    # Tables (switched off, so a wide one is a paragraph of pipes)
    "wide table": fill("a|", head="|" + "a|" * 300 + "\n|" + "-|" * 300 + "\n|"),
    "long table": fill("|x|y|\n", head="|a|b|\n|-|-|\n"),
    "pipes": fill("|"),
    # Links and autolinks
    "autolinks": fill("<https://a.b> "),
    "short autolinks": fill("<ab:>"),
    "email autolinks": fill("<a@b.c>"),
    "bare addresses": fill("https://a.b/ "),
    "unclosed angles": fill("<"),
    "tags that are not allowed": fill("<a>"),
    "comment openers": fill("<!--"),
    # Entity floods
    "ampersands": fill("&"),
    "escaped ampersands": fill("&amp;"),
    "numeric entities": fill("&#x1F600;"),
    "null entities": fill("&#0;"),
    "long named entities": fill("&CounterClockwiseContourIntegral;"),
    "less-than entities": fill("&lt;"),
    "quotes": fill('"'),
    # Dollar signs and formulas (each formula costs latex2mathml work in its length)
    "dollars": fill("$"),
    "double dollars": fill("$$ "),
    "dollar and letter": fill("$a"),
    "letter and dollar": fill("a$"),
    "prices": fill("$5 and "),
    "escaped dollars": fill("\\$"),
    "one-letter formulas": fill("$x$ "),
    "small formulas": fill("$a+b$ "),
    "small display formulas": fill("$$a+b$$ "),
    "long sums": longest_formulas("a+"),
    "long display sums": fill("$$" + "a+" * (MAX_FORMULA_LENGTH // 2) + "$$ "),
    "formulas too long": fill("a+", head="$", tail="$"),
    "long subscripts": longest_formulas("x_1"),
    "fractions": longest_formulas(r"\frac{a}{b}"),
    "nested fractions": longest_formulas(r"\frac", tail="ab"),
    "nested roots": longest_formulas(r"\sqrt", tail="a"),
    "nested accents": longest_formulas(r"\hat", tail="a"),
    "groups at the nesting limit": longest_formulas(
        "{" * MAX_FORMULA_NESTING + "a" + "}" * MAX_FORMULA_NESTING
    ),
    "groups too deep": longest_formulas("{"),
    "fences": longest_formulas(r"\left(\right)"),
    "matrix cells": longest_formulas("a&", head=r"\begin{matrix}", tail=r"\end{matrix}"),
    "matrix rows": longest_formulas("a\\\\", head=r"\begin{matrix}", tail=r"\end{matrix}"),
    "primes": longest_formulas("'", head="x"),
    "unknown commands": longest_formulas(r"\q "),
    "symbols": longest_formulas(r"\alpha"),
    "spaces": longest_formulas(r"\quad"),
    "texts": longest_formulas(r"\text{a}"),
    "broken formulas": fill(r"$\frac{$ "),
    "lone superscripts": fill("$^$ "),
    "definitions": fill(r"$\def\a{\a\a}\a$ "),
}


def counted_calls(render, text: str) -> tuple[int, str]:
    """How many Python function calls rendering `text` takes, and the HTML it gives."""
    profiler = cProfile.Profile()
    html = profiler.runcall(render, text)
    return pstats.Stats(profiler).total_calls, html


def test_every_case_is_at_the_length_limit():
    assert all(len(text) == LIMIT for text in PATHOLOGICAL.values())


@pytest.mark.parametrize(
    "name",
    ["long sums", "long display sums", "fractions", "nested fractions", "nested roots",
     "groups at the nesting limit", "fences", "matrix cells", "matrix rows", "primes"],
)  # fmt: skip
def test_the_costly_formulas_are_rendered_as_formulas(name):
    """Else the cases above would time the note that a formula cannot be shown."""
    html = render_markdown(PATHOLOGICAL[name])
    assert html.count("<math") >= 3, html[:300]


@pytest.mark.parametrize("render", [render_markdown, render_plain_text])
@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_renders_in_linear_work_and_compactly(text, render):
    calls, html = counted_calls(render, text)
    assert calls <= MAX_CALLS_PER_CHARACTER * len(text), (
        f"{calls / len(text):.0f} calls a character"
    )
    assert len(html) <= MAX_GROWTH * len(text), f"{len(html) / len(text):.1f} times as long"


def test_reference_links_are_plain_text():
    html = render_markdown("[a]: https://example.com/\n\nSee [a] and [b][a].")
    assert "<a " not in html
    assert "[a]" in html and "[b][a]" in html


def test_tables_are_plain_text():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table" not in html and "| a | b |" in html


def test_text_built_to_balloon_is_shown_as_written():
    text = fill("[]()")
    html = render_markdown(text)
    assert "<a " not in html
    assert "[]()[]()" in html


def test_ordinary_comments_keep_their_formatting():
    text = (
        "I *think* the **second** claim is weaker.\n\n"
        "> Marginal notes are the oldest form\n\n"
        "- one <mailto:teacher@example.com>\n- two [source](https://example.com/a)\n\n"
        "`code` and ~~struck~~"
    )
    html = render_markdown(text)
    for fragment in [
        "<em>think</em>",
        "<strong>second</strong>",
        "<blockquote>",
        '<a href="mailto:teacher@example.com"',
        '<a href="https://example.com/a"',
        "<code>code</code>",
        "<s>struck</s>",
    ]:
        assert fragment in html


def test_a_short_comment_with_a_link_keeps_it():
    """Short texts get an allowance: a lone link is far longer in HTML than in Markdown."""
    assert '<a href="mailto:a@b.co"' in render_markdown("<a@b.co>")


def test_plain_text_keeps_line_breaks_and_paragraphs_literally():
    html = render_plain_text("# Not a heading\n*not emphasis* & <b>\n\n\n\nNext   ")
    assert html == ("<p># Not a heading<br>\n*not emphasis* &amp; &lt;b&gt;</p>\n<p>Next</p>\n")
