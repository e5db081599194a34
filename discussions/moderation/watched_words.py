"""Watched words: finding them in a post, and managing a course's own list (its instructors)
and the site-wide list (site administrators). A change to a course's list is a row in its
audit log; every entry keeps who added it and, once removed, who removed it and when."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
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


def _cache_key(course: Course) -> str:
    return f"watched-words:{course.pk}:{course.watched_words_version}"


def watched_words_for(course: Course) -> list[WatchedWord]:
    """The entries a post in this course is checked against: the course's and the site's.
    Every post reads them and they seldom change, so they are kept in the cache under the
    course's `watched_words_version`, which every change to either list counts up: a server
    whose own cache still holds the earlier list asks for it under a name no longer used."""
    key = _cache_key(course)
    words = cache.get(key)
    if words is None:
        words = list(
            WatchedWord.objects.filter(
                Q(course=course) | Q(course__isnull=True), removed_at__isnull=True
            )
        )
        cache.set(key, words)
    return words


def watched_words_changed(course: Course | None) -> None:
    """Count a change to a course's list (None: the site's, which every course uses)."""
    courses = Course.objects.all() if course is None else Course.objects.filter(pk=course.pk)
    counted = courses.update(watched_words_version=F("watched_words_version") + 1)
    if course is not None and counted:  # not when the course itself is being deleted
        course.refresh_from_db(fields=["watched_words_version"])


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
