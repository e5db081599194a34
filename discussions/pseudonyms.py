"""Stable, friendly, never-colliding names for students in an anonymous assignment.

Names are given when something is written, never when a page is read: when a student posts,
when an assignment is saved as anonymous (every student of the course and everyone who has
written in it) and when a student joins a course with anonymous assignments.
"""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from classroom.models import STAFF_ROLES, Assignment, Membership, Role, User

from .models import Comment, Pseudonym

ADJECTIVES = (
    "Amber", "Azure", "Bold", "Brave", "Bright", "Calm", "Clever", "Coral", "Crimson", "Curious",
    "Daring", "Eager", "Gentle", "Golden", "Hazel", "Honest", "Ivory", "Jade", "Jolly", "Keen",
    "Kind", "Lively", "Lucky", "Mellow", "Misty", "Nimble", "Noble", "Olive", "Patient", "Plucky",
    "Quiet", "Rapid", "Rosy", "Rustic", "Silver", "Steady", "Sunny", "Swift", "Tidy", "Witty",
)  # fmt: skip
ANIMALS = (
    "Badger", "Beaver", "Bison", "Crane", "Dolphin", "Falcon", "Ferret", "Finch", "Fox", "Gecko",
    "Heron", "Ibis", "Jaguar", "Koala", "Lark", "Lemur", "Lynx", "Marten", "Moose", "Newt",
    "Ocelot", "Otter", "Owl", "Panda", "Pelican", "Puffin", "Quail", "Raven", "Robin", "Salmon",
    "Seal", "Sparrow", "Swan", "Tapir", "Tern", "Toucan", "Turtle", "Walrus", "Wombat", "Wren",
)  # fmt: skip
NAMES = [f"{adjective} {animal}" for adjective in ADJECTIVES for animal in ANIMALS]


def _starting_point(assignment_id: int, user_id: int) -> int:
    """Where this student's name search starts: stable, but unguessable from outside."""
    seed = f"{settings.SECRET_KEY}:{assignment_id}:{user_id}".encode()
    return int.from_bytes(hashlib.sha256(seed).digest()[:8], "big") % len(NAMES)


def _candidates(start: int):
    """Every name once from the starting point, then numbered rounds ("Amber Heron 2")."""
    for round_number in range(1, 100):
        suffix = f" {round_number}" if round_number > 1 else ""
        for step in range(len(NAMES)):
            yield NAMES[(start + step) % len(NAMES)] + suffix


def pseudonym_for(*, assignment, user) -> str:
    """The student's pseudonym in this assignment, given now if they have none; never one
    that anyone (this student included) already has anywhere in the course."""
    existing = Pseudonym.objects.filter(assignment=assignment, user=user).first()
    if existing is not None:
        return existing.name
    course_id = assignment.course_id
    taken = set(Pseudonym.objects.filter(course_id=course_id).values_list("name", flat=True))
    for name in _candidates(_starting_point(assignment.pk, user.pk)):
        if name in taken:
            continue
        try:
            with transaction.atomic():
                Pseudonym.objects.create(
                    assignment=assignment, course_id=course_id, user=user, name=name
                )
                return name
        except IntegrityError:
            # Someone else took this name (or this student got one) at the same moment.
            existing = Pseudonym.objects.filter(assignment=assignment, user=user).first()
            if existing is not None:
                return existing.name
            taken.add(name)
    raise RuntimeError("No pseudonym left for this course.")


def pseudonyms_give_everyone(*, assignment: Assignment) -> None:
    """Give a pseudonym to every student of the course and everyone who has written in the
    assignment (people who wrote before it turned anonymous included), unless staff."""
    course_id = assignment.course_id
    staff = Membership.objects.active().filter(course_id=course_id, role__in=STAFF_ROLES)
    students = Membership.objects.active().filter(course_id=course_id, role=Role.STUDENT)
    writers = Comment.objects.filter(assignment=assignment)
    unnamed = (
        User.objects.filter(
            Q(pk__in=students.values("user_id")) | Q(pk__in=writers.values("author_id"))
        )
        .exclude(pk__in=staff.values("user_id"))
        .exclude(is_superuser=True)
        .exclude(pk__in=Pseudonym.objects.filter(assignment=assignment).values("user_id"))
        .order_by("pk")
    )
    for person in unnamed:
        pseudonym_for(assignment=assignment, user=person)


def pseudonyms_give_student(*, membership: Membership) -> None:
    """Give a student their pseudonym in each anonymous assignment of their course."""
    for assignment in Assignment.objects.filter(course_id=membership.course_id, anonymous=True):
        pseudonym_for(assignment=assignment, user=membership.user)
