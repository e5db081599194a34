"""Who has written what in a course, answered by the app that stores the writing.

discussions registers its answers at startup (discussions/receivers.py), so classroom can
show and protect people's work without importing the layer above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Expression, QuerySet

from .models import Assignment, Course


@dataclass(frozen=True)
class Answers:
    # (assignment id, author id) of every comment in the course that still stands.
    commenters: Callable[[Course], set[tuple[int, int]]]
    assignment_has_comments: Callable[[Assignment], bool]
    # Ids of the course's groups that have comments: a subquery, so pages stay one query.
    groups_with_comments: Callable[[Course], QuerySet]
    # How many comments a membership's person wrote in the course: an annotation.
    comment_count: Callable[[Course], Expression]


_answers: Answers | None = None


def register(answers: Answers) -> None:
    global _answers
    _answers = answers


def _registered() -> Answers:
    if _answers is None:
        raise ImproperlyConfigured("No installed app answers classroom.contributions.")
    return _answers


def commenters(course: Course) -> set[tuple[int, int]]:
    return _registered().commenters(course)


def assignment_has_comments(assignment: Assignment) -> bool:
    return _registered().assignment_has_comments(assignment)


def groups_with_comments(course: Course) -> QuerySet:
    return _registered().groups_with_comments(course)


def comment_count(course: Course) -> Expression:
    return _registered().comment_count(course)
