"""Each comment's HTML rendered once per state and reused, so a page of a thousand comments
costs a cache look-up per comment instead of a template render; forms that every page repeats
are reused the same way. They are kept in the "fragments" cache: the server process's memory,
or with REDIS_URL the Redis all app servers share, so one server reuses what another rendered.

A cached fragment is keyed by everything the `comment-open` partial reads: every attribute
the page set on the comment (its columns, annotations such as `helpful_count`, and names set by
`Audience.present`), the viewer's side of the page (`ViewerState`) and the code that renders
it. Equal keys therefore mean equal HTML; nothing needs invalidating, and stale entries simply
age out.
"""

import dataclasses
import functools
import hashlib
import logging
import pickle
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple
from uuid import UUID

import django
from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from .as_stored import settle

logger = logging.getLogger(__name__)


@functools.cache
def placeholders() -> dict[str, str]:
    """What fragments are rendered with in place of the template variables that belong to one
    visitor (the CSRF token) or to one rendering of one form (its posting key); the page swaps
    in the real values. The same in every server that shares the SECRET_KEY (they share
    fragments), and unguessable, so no comment can contain them."""
    return {
        name: f"{name}-"
        + salted_hmac("colloquy.fragments", name, algorithm="sha256").hexdigest()[:32]
        for name in ("csrf_token", "posting_key")
    }


@functools.cache
def _deferred_marker() -> str:
    # Made like the placeholders: the same in every process, and in no comment.
    secret = salted_hmac("colloquy.fragments", "deferred", algorithm="sha256").hexdigest()
    return f"deferred-{secret[:32]}-"


@functools.cache
def threads_hole() -> str:
    """What a reused partial holds where the threads it is rendered with go (made like the
    placeholders: the same in every process, and in no comment)."""
    secret = salted_hmac("colloquy.fragments", "threads", algorithm="sha256").hexdigest()
    return f"threads-{secret[:32]}"


def defer(context, html: str) -> str:
    """What a template tag outputs for a large piece of finished `html`: a short marker that
    `put_in_place` swaps for it once, when the whole template has rendered, rather than the
    piece itself, which every enclosing tag would copy on its way up (a page of a thousand
    comments goes up through ten of them). Only renders through the project's template
    backend (config/templates.py) collect pieces, and a reused partial's render collects none
    (its HTML is kept whole); any other gets `html` as it is. The marker must reach the page
    untouched, so no filter may hold the tag."""
    pieces = getattr(context, "deferred_html", None)
    if pieces is None:
        return html
    pieces.append(html)
    return f"{_deferred_marker()}{len(pieces) - 1}:"


def put_in_place(html: str, pieces: list[str]) -> str:
    """`html` with each marker from `defer` replaced by its piece."""
    if not pieces:
        return html
    first, *rest = html.split(_deferred_marker())
    assembled = [first]
    for part in rest:
        index, _colon, after = part.partition(":")
        assembled += (pieces[int(index)], after)
    return "".join(assembled)


class ViewerState(NamedTuple):
    """What a comment's HTML depends on besides the comment itself and whether the viewer
    wrote it (all it knows of who is looking, so viewers share fragments)."""

    is_staff: bool
    locked: bool
    discussion_closed: bool
    time_zone: str
    language: str


# Folders holding the templates, template tags and translations fragments are made with.
RENDERING_SOURCES = ("articles", "classroom", "discussions", "templates", "locale")


@functools.cache
def code_version() -> str:
    """A digest of the code and templates that render fragments: servers running other code
    (during a deploy, or after it) never take each other's HTML."""
    digest = hashlib.sha256(django.get_version().encode())
    root = settings.BASE_DIR
    paths = sorted(
        path
        for folder in RENDERING_SOURCES
        for path in (root / folder).rglob("*")
        if path.suffix in {".py", ".html", ".mo"}
        and not {"tests", "migrations"} & set(path.relative_to(root).parts)
    )
    for path in paths:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _canonical(value):
    """`value` as plain tuples, strings and numbers whose repr is the same in every process
    for equal values; TypeError for anything whose repr might not be (objects shown by
    address, sets in hash order)."""
    if value is None or isinstance(value, bool):
        return value
    # Choices (str and int subclasses) are equal to their plain values, and render as them.
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value
    if isinstance(value, tuple | list):
        return tuple(_canonical(item) for item in value)
    if isinstance(value, date | time | timedelta | Decimal | UUID):
        return (type(value).__name__, str(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__qualname__, *(_canonical(getattr(value, f.name)) for f in fields))
    raise TypeError(f"{type(value).__name__} is not part of a fragment key")


def cache_key(key: Hashable) -> str | None:
    """The cache's name for a fragment keyed by `key`, or None when `key` holds something
    that cannot name it (the fragment is then rendered afresh)."""
    try:
        return _remembered_name(key)
    except TypeError:  # a part that cannot be hashed, such as a list
        return _name(key)


@functools.lru_cache(maxsize=1024)
def _remembered_name(key: Hashable) -> str | None:
    """`_name`, remembered: the forms and paragraphs a page repeats are named again with one
    look-up. Equal keys share a name, so the parts in one place of a key must be of one type
    (never True in one key and 1 in another)."""
    return _name(key)


def _name(key: Hashable) -> str | None:
    try:
        canonical = repr(_canonical(key))
    except TypeError:
        return None
    return f"{code_version()}:{hashlib.sha256(canonical.encode()).hexdigest()}"


# Types whose pickle is their whole value, written the same way in every process: a state made
# only of these is named by its pickle, much faster than through `_canonical`. Subclasses
# (choices, say) take the longer way; the two ways never share a name.
PLAIN_TYPES = frozenset({type(None), bool, int, float, str, datetime})


def comment_keys(comments, viewer: ViewerState, user_id: int | None) -> list[str | None]:
    """Each comment's state as the page sees it, named."""
    keys = []
    for comment in comments:
        state = vars(comment)
        if "_state" in state:
            # Django's bookkeeping (the row's database, cached relations), not what the page
            # shows; a `Stored` row keeps its own outside its attributes.
            state = state.copy()
            del state["_state"]
        own = comment.author_id == user_id
        names, values = tuple(state), tuple(state.values())
        try:
            keys.append(_state_name(viewer, own, names, values))
        except TypeError:  # a value that cannot be hashed, such as a list
            keys.append(_name_of_state(viewer, own, names, values))
    return keys


@functools.lru_cache(maxsize=settings.FRAGMENT_CACHE_ENTRIES)
def _state_name(viewer: ViewerState, own: bool, names: tuple, values: tuple) -> str | None:
    """`_name_of_state`, remembered: a page shown again names each comment it shows with one
    look-up instead of a digest of all its values. (Each attribute loads as one type, so equal
    values are equal states.)"""
    return _name_of_state(viewer, own, names, values)


def _name_of_state(viewer: ViewerState, own: bool, names: tuple, values: tuple) -> str | None:
    if not set(map(type, values)) <= PLAIN_TYPES:
        return cache_key((viewer, own, names, values))
    # Aware instants as timestamps, which pickle several times faster; how one renders
    # depends on nothing else but the viewer's time zone, which is in `viewer`. A naive one
    # (SQLite's, as stored: see as_stored.py) pickles quickly as it is, and its timestamp
    # would depend on the server's own time zone.
    values = tuple(
        value.timestamp() if type(value) is datetime and value.tzinfo else value for value in values
    )
    # Each pickle ends with its own STOP code, so the two digested one after the other cannot
    # be read another way.
    digest = _head(viewer, names).copy()
    digest.update(pickle.dumps((own, values), protocol=5))
    return f"{code_version()}:plain:{digest.hexdigest()}"


@functools.lru_cache(maxsize=64)
def _head(viewer: ViewerState, names: tuple):
    """The digest of what the comments a query loads share: the viewer and the attributes'
    names."""
    return hashlib.sha256(pickle.dumps((tuple(viewer), names), protocol=5))


def render_comments(
    comments, viewer: ViewerState, user_id: int | None, render: Callable[[object], str]
) -> list[str]:
    """Each comment's HTML as `user_id` sees it, from the cache where its state was rendered
    before and through `render(comment)` (with `placeholders()` for the visitor's values,
    and a `Stored` row made a model instance) where not."""
    keys = comment_keys(comments, viewer, user_id)
    found = caches["fragments"].get_many([key for key in keys if key is not None])
    html = []
    fresh = {}
    rendered = 0
    for comment, key in zip(comments, keys, strict=True):
        fragment = found.get(key)
        if fragment is None:
            fragment = str(render(settle(comment)))
            rendered += 1
            if key is not None:
                fresh[key] = fragment
        html.append(fragment)
    if fresh:
        caches["fragments"].set_many(fresh)
    logger.debug("Rendered %d of %d comments; the rest were reused.", rendered, len(comments))
    return html


def reuse(key: Hashable, render: Callable[[], str]) -> str:
    """The HTML cached under `key`, rendered by `render()` the first time."""
    name = cache_key(key)
    if name is None:
        return str(render())
    html = caches["fragments"].get(name)
    if html is None:
        html = str(render())
        caches["fragments"].set(name, html)
    return html


# A page's list of the fragments it used names at most this many: a page of 5,000 comments
# and their forms takes the rest one round trip at a time, as without the list.
MOST_NAMES_LISTED = 10_000
# The pages whose list this process has read or written; emptied when this many.
PAGES_REMEMBERED = 1024
_listed: set[str] = set()


@contextmanager
def prefetching(page: Hashable):
    """Render `page` (everything that tells its fragments apart: its address, the language,
    the kind of viewer) fetching the fragments it used last time from the shared cache in one
    round trip, before the render asks for them one by one. A server that is new, restarted
    or never served this page otherwise asks Redis once for each comment list and reused
    partial on it (a few hundred round trips on a long reading).

    The list of the fragments the page used is kept in the shared cache beside them. A
    process reads it once; it writes it after a render that needed fragments it did not hold
    (new comments, or ones the list did not name), so viewers who see the page differently
    (their own comments) do not rewrite it in turn on every view."""
    cache = caches["fragments"]
    shared = getattr(cache, "shared", None)
    name = cache_key(("fragments used by", page))
    if shared is None or name is None:
        yield
        return
    if name not in _listed:
        cache.get_many(shared.get(name) or ())
        if len(_listed) >= PAGES_REMEMBERED:
            _listed.clear()
        _listed.add(name)
    with cache.recording() as reads:
        yield
    if reads.lacked:
        shared.set(name, list(reads.keys)[:MOST_NAMES_LISTED])
