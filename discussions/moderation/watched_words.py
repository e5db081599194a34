"""Watched words: finding them in a post, and managing a course's own list (its instructors)
and the site-wide list (site administrators). A change to a course's list is a row in its
audit log; every entry keeps who added it and, once removed, who removed it and when."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.access import SITE_ADMIN, refuse
from articles.rendering import clean_text
from classroom.access import MANAGER, ensure_rule
from classroom.models import Course
from discussions.audit.trail import record
from discussions.models import ModerationAction, WatchedWord

PHRASE_MAX_LENGTH = WatchedWord._meta.get_field("phrase").max_length


def course_watched_words(course: Course) -> QuerySet[WatchedWord]:
    return WatchedWord.objects.filter(course=course, removed_at__isnull=True).select_related(
        "created_by"
    )


def site_watched_words() -> QuerySet[WatchedWord]:
    return WatchedWord.objects.filter(course__isnull=True, removed_at__isnull=True).select_related(
        "created_by"
    )


def _cache_key(course: Course | None) -> str:
    return f"watched-words:{course.pk if course else 'site'}"


def watched_words_for(course: Course) -> list[WatchedWord]:
    """The entries a post in this course is checked against: the course's and the site's.
    Every post reads them and they seldom change, so both lists are kept in the cache; adding
    or removing an entry forgets its list, and an edit made elsewhere (the admin) shows within
    the cache's timeout."""
    keys = {_cache_key(course): Q(course=course), _cache_key(None): Q(course__isnull=True)}
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        lists: dict[str, list[WatchedWord]] = {key: [] for key in missing}
        wanted = Q()
        for key in missing:
            wanted |= keys[key]
        for word in WatchedWord.objects.filter(wanted, removed_at__isnull=True):
            lists[_cache_key(course if word.course_id else None)].append(word)
        cache.set_many(lists)
        found.update(lists)
    return [word for key in keys for word in found[key]]


def _forget(course: Course | None) -> None:
    """Drop a changed list from the cache now and once the change commits, so a post
    checked in between cannot keep the old list."""
    key = _cache_key(course)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def phrase_pattern(word: WatchedWord) -> re.Pattern:
    """What finds the entry's phrase in a post, ignoring case (as a whole word if it says so)."""
    escaped = re.escape(word.phrase.strip())
    if word.whole_word:
        escaped = rf"(?<!\w){escaped}(?!\w)"
    return re.compile(escaped, re.IGNORECASE | re.UNICODE)


def ensure_may_manage_list(user, course: Course | None) -> None:
    """A course's list is its managers'; the site-wide list (no course) is the site admins'."""
    if course is not None:
        ensure_rule(MANAGER, user, course)
    elif not user.is_site_admin:
        refuse(SITE_ADMIN)


def _same(phrase: str, entries) -> WatchedWord | None:
    # casefold(), not the database's iexact: SQLite folds the case of ASCII letters only.
    wanted = phrase.casefold()
    return next((entry for entry in entries if entry.phrase.casefold() == wanted), None)


def _clean_phrase(phrase: str, *, course: Course | None) -> str:
    phrase = " ".join(clean_text(phrase or "").split())
    if not phrase:
        raise ValidationError({"phrase": _("Enter a word or phrase to watch for.")})
    if len(phrase) > PHRASE_MAX_LENGTH:
        raise ValidationError(
            {
                "phrase": _(
                    "Keep a watched phrase to %(limit)d characters (this one has %(length)d)."
                )
                % {"limit": PHRASE_MAX_LENGTH, "length": len(phrase)}
            }
        )
    if course is not None and _same(phrase, course_watched_words(course)):
        raise ValidationError(
            {"phrase": _("“%(phrase)s” is already on this course's list.") % {"phrase": phrase}}
        )
    if _same(phrase, site_watched_words()):
        if course is None:
            message = _("“%(phrase)s” is already on the list.")
        else:
            message = _(
                "“%(phrase)s” is already on the site-wide list, which applies to every course."
            )
        raise ValidationError({"phrase": message % {"phrase": phrase}})
    return phrase


def watched_word_add(
    *, course: Course | None, phrase: str, whole_word: bool, action: str, added_by
) -> WatchedWord:
    """Add an entry to a course's list, or to the site-wide list when course is None."""
    ensure_may_manage_list(added_by, course)
    if action not in WatchedWord.Action.values:
        raise ValidationError({"action": _("Choose what should happen to a post that uses it.")})
    entry = WatchedWord.objects.create(
        course=course,
        phrase=_clean_phrase(phrase, course=course),
        whole_word=whole_word,
        action=action,
        created_by=added_by,
    )
    _forget(course)
    if course is not None:
        record(
            course=course,
            actor=added_by,
            kind=ModerationAction.Kind.WATCHED_WORD_ADD,
            details_after=_described(entry),
        )
    return entry


def watched_word_remove(*, entry: WatchedWord, removed_by) -> None:
    """Take an entry off its list; the row stays (removed_at), for the audit log."""
    ensure_may_manage_list(removed_by, entry.course)
    entry.removed_at = timezone.now()
    entry.removed_by = removed_by
    entry.save(update_fields=["removed_at", "removed_by"])
    _forget(entry.course)
    if entry.course is not None:
        record(
            course=entry.course,
            actor=removed_by,
            kind=ModerationAction.Kind.WATCHED_WORD_REMOVE,
            details_before=_described(entry),
        )


def _described(entry: WatchedWord) -> str:
    whole = _("whole words") if entry.whole_word else _("anywhere in a word")
    return f"“{entry.phrase}” ({whole}): {entry.get_action_display()}"
