"""Parts of the reading page rendered once and reused (see discussions/reading/fragments.py).

`{% comment_threads entries %}` renders a list of threads from cached comment fragments;
`{% reuse_partial "name" key... %}` renders a partial (of this template, or another's named as
"template.html#partial") once per key and language, and with `threads=entries` last, puts
those threads in their place in it each time (they are not part of the key). Both render
through the template's own partials, so a fragment swapped in by HTMX and the same piece on the
full page are the same markup.
"""

from django import template
from django.template.base import Node
from django.utils.datastructures import DeferredSubDict
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from discussions.posting_keys import new_posting_key
from discussions.reading import phrases
from discussions.reading.fragments import (
    ViewerState,
    defer,
    placeholders,
    render_comments,
    reuse,
    threads_hole,
)

register = template.Library()

CLOSE_ITEM = "</ol></li>"


class CommentThreadsNode(Node):
    def __init__(self, entries, partials):
        self.entries = entries
        self.partials = partials

    def render(self, context) -> str:
        entries = self.entries.resolve(context)
        if entries is not None and entries is context.get(HOLE_FOR):
            return threads_hole()
        if not entries:
            return ""
        html = threads_html(context, entries, self.partials["comment-open"])
        return defer(context, with_token(html, context))


# The context variable that names the entries whose threads a reused partial leaves a hole for.
# Templates cannot name it (it starts with an underscore).
HOLE_FOR = "_threads_in_hole"


def threads_html(context, entries, partial) -> str:
    """The threads of `entries`, each comment through `partial` (from the cache where its
    state was rendered before), with the placeholder `with_token` fills: a comment holds no
    form that needs a posting key (replies and edits are forms of their own)."""
    user = context.get("user")
    viewer = ViewerState(
        is_staff=context["audience"].is_staff,
        locked=bool(context.get("locked")),
        discussion_closed=bool(context.get("discussion_closed")),
        time_zone=context["course"].time_zone,
        language=get_language(),
    )

    def render(comment) -> str:
        with context.push(comment=comment, **placeholders()):
            return partial.render(context)

    comments = [entry.comment for entry in entries]
    fragments = render_comments(comments, viewer, getattr(user, "pk", None), render)
    html = []
    for fragment, entry in zip(fragments, entries, strict=True):
        html += (fragment, CLOSE_ITEM * entry.closes)
    return "".join(html)


def with_token(html: str, context) -> str:
    """Reused HTML with this visitor's CSRF token in place of its placeholder."""
    token = context.get("csrf_token")
    html = html.replace(placeholders()["csrf_token"], str(token) if token else "")
    # The fragments are this template's own autoescaped output.
    return mark_safe(html)  # noqa: S308


def for_this_visitor(html: str, context) -> str:
    """Reused HTML with this visitor's CSRF token in place of its placeholder, and a new
    posting key in each place of that placeholder. Inside the render of a partial to reuse,
    the context holds the placeholders themselves, so they stay for that partial's uses."""
    html = with_token(html, context)
    if context.get("posting_key") == placeholders()["posting_key"]:
        return html
    pieces = html.split(placeholders()["posting_key"])
    keyed = [piece + new_posting_key() for piece in pieces[:-1]] + pieces[-1:]
    # The fragments are this template's own autoescaped output.
    return mark_safe("".join(keyed))  # noqa: S308


class ReusedPartialNode(Node):
    def __init__(self, name: str, keys, partials, threads=None):
        self.name = name
        self.keys = keys
        self.partials = partials
        self.threads = threads

    def render(self, context) -> str:
        key = (self.name, get_language(), *(value.resolve(context) for value in self.keys))
        entries = self.threads.resolve(context) if self.threads is not None else None

        def render() -> str:
            if "#" in self.name:
                partial = context.template.engine.get_template(self.name)
            else:
                partial = self.partials[self.name]
            # Kept for other pages, the HTML must be whole: nothing in it is handed over to
            # this render to put in place later (`fragments.defer`), but the hole for `entries`.
            deferred, context.deferred_html = getattr(context, "deferred_html", None), None
            try:
                with context.push(**placeholders(), **{HOLE_FOR: entries}):
                    return partial.render(context)
            finally:
                context.deferred_html = deferred

        html = for_this_visitor(reuse(key, render), context)
        if entries is None or threads_hole() not in html:
            return html
        threads = threads_html(context, entries, self.partials["comment-open"]) if entries else ""
        whole = html.replace(threads_hole(), with_token(threads, context))
        # Both are this template's own autoescaped output.
        return defer(context, mark_safe(whole))  # noqa: S308


@register.tag
def comment_threads(parser, token) -> CommentThreadsNode:
    """{% comment_threads entries %} — entries from `threads.group_threads`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("comment_threads takes one argument: the entries")
    return CommentThreadsNode(
        parser.compile_filter(bits[1]), DeferredSubDict(parser.extra_data, "partials")
    )


@register.tag
def reuse_partial(parser, token) -> ReusedPartialNode:
    """{% reuse_partial "name" key... [threads=entries] %} — the keys must be everything the
    partial reads besides the language, the CSRF token, posting keys and the threads of
    `entries` (which it renders with `comment_threads`, and which must be no other list)."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("reuse_partial takes a quoted partial name, then keys")
    threads = None
    if bits[-1].startswith("threads="):
        threads = parser.compile_filter(bits.pop().removeprefix("threads="))
    keys = [parser.compile_filter(bit) for bit in bits[2:]]
    partials = DeferredSubDict(parser.extra_data, "partials")
    return ReusedPartialNode(bits[1][1:-1], keys, partials, threads)


@register.filter
def highlighted_text(paragraph) -> str:
    """The paragraph's HTML with the phrases in `paragraph.marks` (set by the discussion)."""
    return phrases.highlighted_text(paragraph, getattr(paragraph, "marks", ()))


@register.filter
def offset_steps(paragraph) -> str:
    return phrases.offset_steps(paragraph)
