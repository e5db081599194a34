"""The one way user-written Markdown becomes HTML: markdown-it-py with raw HTML off, then nh3."""

import re

import nh3
from markdown_it import MarkdownIt

# Classroom comments need emphasis, lists, quotes, code and links. Images (tracking pixels,
# shock content) and tables (unbounded width on a phone) are deliberately left out.
_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("strikethrough")
    .disable(["image", "html_block", "html_inline"])
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Everything below U+0020 except tab, newline and carriage return, plus DEL and lone surrogates.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Drop control characters and lone surrogates and normalise line endings."""
    return _UNSAFE_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def render_markdown(text: str) -> str:
    """Render user Markdown to HTML that is safe to insert into any page."""
    html = _markdown.render(clean_text(text))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def render_plain_text(text: str) -> str:
    """Render text that is not Markdown (an imported page) through the same pipeline, with
    every Markdown character taken literally and line breaks kept."""
    lines = (line.strip() for line in clean_text(text).split("\n"))
    escaped = [_MARKDOWN_PUNCTUATION.sub(r"\\\1", line) for line in lines]
    return render_markdown("\\\n".join(escaped))
