"""Each comment's HTML rendered once per state and reused, so a page of a thousand comments
costs a dictionary look-up per comment instead of a template render; forms that every page
repeats are reused the same way.

A cached fragment is keyed by everything the `comment-open` partial reads: every attribute
the page set on the comment (its columns, annotations such as `helpful_count`, and names set by
`Audience.present`) and the viewer's side of the page (`ViewerState`). Equal keys therefore
mean equal HTML; nothing needs invalidating, and stale entries simply age out.
"""

import secrets
from collections.abc import Callable, Hashable, Sequence
from itertools import islice
from threading import Lock
from typing import NamedTuple

from django.conf import settings

# Fragments are rendered with this in place of the CSRF token, which belongs to one visitor;
# the page swaps in its own token. Random per process, so no comment can contain it.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"
# Likewise a form's posting key, which belongs to one rendering of one form: each place it
# stands in gets a key of its own.
POSTING_KEY_PLACEHOLDER = f"posting-key-{secrets.token_hex(16)}"
# What fragments are rendered with, for the template variables these stand in for.
PLACEHOLDERS = {"csrf_token": CSRF_PLACEHOLDER, "posting_key": POSTING_KEY_PLACEHOLDER}


class ViewerState(NamedTuple):
    """What a comment's HTML depends on besides the comment itself and whether the viewer
    wrote it (all it knows of who is looking, so viewers share fragments)."""

    is_staff: bool
    locked: bool
    discussion_closed: bool
    time_zone: str
    language: str


class FragmentCache:
    """A thread-safe map from a fragment's key to its HTML that forgets its oldest entries
    once full."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: dict[Hashable, str] = {}
        self._lock = Lock()

    def get_many(self, keys: Sequence[Hashable]) -> list[str | None]:
        with self._lock:
            return [self._entries.get(key) for key in keys]

    def set_many(self, items: dict[Hashable, str]) -> None:
        with self._lock:
            self._entries.update(items)
            for key in list(islice(self._entries, max(0, len(self._entries) - self.max_entries))):
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


fragments = FragmentCache(settings.FRAGMENT_CACHE_ENTRIES)


def comment_key(comment, viewer: ViewerState, user_id: int | None) -> Hashable | None:
    """The comment's state as the page sees it, or None when some attribute cannot be a key
    (the comment is then rendered afresh)."""
    state = vars(comment).copy()
    # Django's bookkeeping (the row's database, cached relations), not what the page shows.
    del state["_state"]
    key = (viewer, comment.author_id == user_id, tuple(state), tuple(state.values()))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def render_comments(
    comments, viewer: ViewerState, user_id: int | None, render: Callable[[object], str]
) -> list[str]:
    """Each comment's HTML as `user_id` sees it, from the cache where its state was rendered
    before and through `render(comment)` (with `CSRF_PLACEHOLDER` as the token) where not."""
    keys = [comment_key(comment, viewer, user_id) for comment in comments]
    found = fragments.get_many([key for key in keys if key is not None])
    cached = iter(found)
    html = []
    fresh = {}
    for comment, key in zip(comments, keys, strict=True):
        fragment = next(cached) if key is not None else None
        if fragment is None:
            fragment = str(render(comment))
            if key is not None:
                fresh[key] = fragment
        html.append(fragment)
    if fresh:
        fragments.set_many(fresh)
    return html


def reuse(key: Hashable, render: Callable[[], str]) -> str:
    """The HTML cached under `key`, rendered by `render()` the first time."""
    try:
        hash(key)
    except TypeError:
        return str(render())
    html = fragments.get_many([key])[0]
    if html is None:
        html = str(render())
        fragments.set_many({key: html})
    return html
