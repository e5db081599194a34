"""The one way user-written Markdown becomes HTML: markdown-it-py with raw HTML off, then nh3."""

import re
from html import escape

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline.link import link as _link_rule

from articles.formulas import (
    MATHML_ATTRIBUTES,
    MATHML_TAGS,
    formulas_html_length,
    formulas_plugin,
)

# Classroom comments need emphasis, lists, quotes, code, links and formulas ($…$, $$…$$).
# Images (tracking pixels, shock content) and tables (unbounded width on a phone) are
# deliberately left out, and so are reference links: one `[a]: <long URL>` used a thousand
# times as `[a]` grows 300-fold in HTML.
_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("strikethrough")
    .disable(["image", "html_block", "html_inline", "reference"])
    .use(formulas_plugin)
)

# Checking whether a "[" starts a link looks inside it for nested links, as deep as maxNesting
# (20); on a run of thousands of "[" that doubles the cost of a comment. Links cannot nest, so
# a few levels of looking give the same answer for anything but such a run.
_LINK_LOOKAHEAD_DEPTH = 5


def _link_with_bounded_lookahead(state, silent: bool) -> bool:
    if silent and state.level > _LINK_LOOKAHEAD_DEPTH:
        state.pos = state.posMax  # what markdown-it itself does beyond maxNesting
        return True
    return _link_rule(state, silent)


_markdown.inline.ruler.at("link", _link_with_bounded_lookahead)


def _headings_within_the_page(state) -> None:
    """Pages use h1 to h3 and show user text under any of them, so a writer's `#` to `######`
    become h2 (the text's first heading, and any as high) and h3 (deeper ones): shown anywhere,
    they never skip a level, which leaves a page's outline broken for screen readers."""
    first = None
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            first = first or level
            token.tag = "h2" if level <= first else "h3"


_markdown.core.ruler.push("headings_within_the_page", _headings_within_the_page)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
} | MATHML_TAGS  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}} | MATHML_ATTRIBUTES
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Rendered HTML may be at most this many times the length of what was written (or of a short
# comment's allowance); beyond that the text was built to balloon and is shown as written.
MAX_HTML_GROWTH = 10
_SHORT_TEXT = 30

# Everything below U+0020 except tab, newline and carriage return, plus DEL, lone surrogates
# and the byte-order mark (an encoding's leftover, invisible wherever it lands).
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufeff]")
# Embeddings, overrides and isolates reorder the text after them ("exe.txt" shown as "txt.exe");
# the direction marks U+200E and U+200F, which mixed-script writing uses, are not among them.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Drop control characters and lone surrogates and normalise line endings."""
    return _UNSAFE_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_comment_text(text: str) -> str:
    """clean_text, and no direction controls: a comment's direction is set from its first
    letters, so they can only disguise what it says."""
    return DIRECTION_CONTROLS.sub("", clean_text(text))


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Render user Markdown to HTML that is safe to insert into any page."""
    text = clean_text(text)
    env: dict = {}
    html = _sanitise(_markdown.render(text, env))
    # Empty quotes nested in quotes, or hundreds of `[]()` links, cost a page far more than
    # they say; such text is shown literally, which is at most about 5 times its length.
    # Formulas are bounded on their own (articles/formulas.py).
    if len(html) - formulas_html_length(env) > MAX_HTML_GROWTH * max(len(text), _SHORT_TEXT):
        return render_plain_text(text)
    return html


_BLANK_LINES = re.compile(r"\n\s*\n")


def render_plain_text(text: str) -> str:
    """Render text that is not Markdown (an imported page) literally: line breaks kept, blank
    lines as paragraph breaks, sanitised like everything else."""
    paragraphs = (
        "<br>\n".join(escape(line.strip(), quote=False) for line in block.strip().split("\n"))
        for block in _BLANK_LINES.split(clean_text(text))
    )
    return _sanitise("".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs if paragraph))
