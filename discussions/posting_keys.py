"""Posting a form once. Every form that writes a comment, flag, note or prompt carries a key
made when it was rendered; a repeat of the post with that key (a double click, a proxy's
retry, a reload after the server died mid-answer) gets what the first post wrote."""

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from discussions.models import PostingKey

FIELD = "posting_key"
# Repeats come within seconds; a week also covers a page posted again after a weekend.
KEPT_FOR = timedelta(days=7)
# What a form sends besides what was written: this visitor's token and the key itself.
NOT_WRITTEN = {"csrfmiddlewaretoken", FIELD}


def new_posting_key() -> str:
    return str(uuid.uuid4())


def _posted_key(request: HttpRequest) -> uuid.UUID | None:
    """The key the form was rendered with. For a form without one (a page from before keys)
    or with something else there, the balancer's id for the request, the same on each try it
    makes, so its retry is caught though a second click is not; with neither, None: the post
    is written without the check, since losing what someone wrote is worse than a duplicate."""
    for key in (request.POST.get(FIELD, ""), request.headers.get("X-Request-Id", "")):
        try:
            return uuid.UUID(key)
        except ValueError:
            continue
    return None


def _fingerprint(request: HttpRequest) -> str:
    """Where the form went and what it said, so the same key with other words is no repeat."""
    written = sorted(
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_WRITTEN
        for value in values
    )
    return hashlib.sha256(json.dumps([request.path, written]).encode()).hexdigest()


class _AlreadyClaimed(Exception):
    """An earlier post of the form holds its key."""


def _claim(user, key: uuid.UUID, fingerprint: str) -> PostingKey:
    try:
        return PostingKey.objects.create(user=user, key=key, fingerprint=fingerprint)
    except IntegrityError as error:
        raise _AlreadyClaimed from error


def post_once[Written](request: HttpRequest, target: str, write: Callable[[], Written]) -> Written:
    """What `write()` wrote, the form's key claimed in the same transaction and pointed at it
    through `target` ("comment", "flag", "note" or "prompt"). If this person posted the same
    words under the key before, what that post wrote, and nothing is written again; a post
    still writing under the key holds its row in the unique index, so this one waits for it
    and then finds it."""
    key = _posted_key(request)
    if key is None:
        return write()
    fingerprint = _fingerprint(request)
    try:
        with transaction.atomic():
            claim = _claim(request.user, key, fingerprint)
            written = write()
            setattr(claim, target, written)
            claim.save(update_fields=[target])
            return written
    except _AlreadyClaimed:
        pass
    earlier = PostingKey.objects.select_related(target).filter(user=request.user, key=key).first()
    # Other words under a used key are a form brought back from the browser's history and
    # written in again: a new post. So is a repeat whose first post's writing was deleted.
    if earlier is None or earlier.fingerprint != fingerprint:
        return write()
    return getattr(earlier, target)


def posting_keys_forget_expired() -> int:
    """Forget keys older than KEPT_FOR; returns how many. A post repeated after that is
    written again."""
    deleted, _by_model = PostingKey.objects.filter(
        created_at__lt=timezone.now() - KEPT_FOR
    ).delete()
    return deleted
