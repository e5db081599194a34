"""`{% comment_threads entries %}`: a list of threads rendered from cached comment fragments.

The tag renders each comment through the template's own `comment-open` partial, so a fragment
swapped in by HTMX and a comment on the full page are the same markup.
"""

from django import template
from django.template.base import Node
from django.utils.datastructures import DeferredSubDict
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from discussions.fragments import CSRF_PLACEHOLDER, ViewerState, render_comments

register = template.Library()

CLOSE_ITEM = "</ol></li>"


class CommentThreadsNode(Node):
    def __init__(self, entries, partials):
        self.entries = entries
        self.partials = partials

    def render(self, context) -> str:
        entries = self.entries.resolve(context) or []
        if not entries:
            return ""
        partial = self.partials["comment-open"]
        user = context.get("user")
        viewer = ViewerState(
            is_staff=context["audience"].is_staff,
            locked=bool(context.get("locked")),
            discussion_closed=bool(context.get("discussion_closed")),
            time_zone=context["course"].time_zone,
            language=get_language(),
        )

        def render(comment) -> str:
            with context.push(comment=comment, csrf_token=CSRF_PLACEHOLDER):
                return partial.render(context)

        comments = [entry.comment for entry in entries]
        fragments = render_comments(comments, viewer, getattr(user, "pk", None), render)
        html = "".join(
            fragment + CLOSE_ITEM * entry.closes
            for fragment, entry in zip(fragments, entries, strict=True)
        )
        token = context.get("csrf_token")
        # The fragments are this template's own autoescaped output.
        return mark_safe(html.replace(CSRF_PLACEHOLDER, str(token) if token else ""))  # noqa: S308


@register.tag
def comment_threads(parser, token) -> CommentThreadsNode:
    """{% comment_threads entries %} — entries from `threads.group_threads`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("comment_threads takes one argument: the entries")
    return CommentThreadsNode(
        parser.compile_filter(bits[1]), DeferredSubDict(parser.extra_data, "partials")
    )
