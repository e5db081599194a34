"""People, courses, memberships and assignments."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L or U: easy to read aloud and to type from a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
JOIN_CODE_GROUPS = 3
JOIN_CODE_GROUP_LENGTH = 4


def new_join_code() -> str:
    """Twelve symbols from a 30-letter alphabet: about 59 bits of randomness."""
    groups = (
        "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_GROUP_LENGTH))
        for _ in range(JOIN_CODE_GROUPS)
    )
    return "-".join(groups)


def normalize_join_code(raw: str) -> str:
    """Accept any spacing, dashes or case a student types and return the canonical form."""
    symbols = "".join(ch for ch in raw.upper() if ch.isascii() and ch.isalnum())
    size = JOIN_CODE_GROUP_LENGTH
    return "-".join(symbols[i : i + size] for i in range(0, len(symbols), size))


# What `User.public_name` reads: enough to name an author. (Whether they are a site admin,
# which makes them staff wherever they write, is asked in the query that names them.)
NAME_FIELDS = ("username", "display_name", "first_name", "last_name")


class User(AbstractUser):
    display_name = models.CharField(
        max_length=80, blank=True, help_text=_("How classmates see you. Defaults to your username.")
    )
    # Blank follows the browser's Accept-Language.
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)
    email_digest = models.BooleanField(
        default=True, help_text=_("Send me a daily e-mail of what happened in my courses.")
    )
    may_teach = models.BooleanField(
        _("approved teacher"),
        default=False,
        help_text=_(
            "May create courses and import readings when teaching needs approval "
            "(TEACHING_SIGNUP=approved)."
        ),
    )
    # Counts changes to what this person may reach: every save of the account (its password,
    # whether it is active or a site admin) and every change to their memberships, their
    # courses and those courses' assignments (classroom/access_changes.py). What is kept on
    # the strength of an access check keeps the count it was checked at, and is stale the
    # moment the count differs, whatever cache holds it.
    access_version = models.PositiveIntegerField(default=0, editable=False)

    def save(self, **kwargs) -> None:
        # Counted in the same statement, and counted up from the row rather than written from
        # this copy: a copy read before another change and saved after it never sets the
        # count back to one something was checked at.
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or update_fields):
            self.access_version = models.F("access_version") + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "access_version"}
        super().save(**kwargs)

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_site_admin(self) -> bool:
        return self.is_superuser

    @cached_property
    def can_teach(self) -> bool:
        """Whether this person may create courses and import readings (the TEACHER rule):
        anyone when teaching is open, else approved teachers, site admins and anyone already
        instructing a course. Asked once per request at most."""
        if settings.TEACHING_SIGNUP == "open" or self.is_superuser or self.may_teach:
            return True
        return self.memberships.filter(role=Role.INSTRUCTOR, removed_at__isnull=True).exists()

    def __str__(self) -> str:
        return self.public_name


class CourseQuerySet(models.QuerySet):
    def for_user(self, user) -> "CourseQuerySet":
        if user.is_site_admin:
            return self.all()
        return self.filter(memberships__user=user, memberships__removed_at__isnull=True)

    def taught_by(self, user) -> "CourseQuerySet":
        return self.filter(
            memberships__user=user,
            memberships__role=Role.INSTRUCTOR,
            memberships__removed_at__isnull=True,
        )

    def with_assignment_count(self) -> "CourseQuerySet":
        return self.annotate(assignment_count=models.Count("assignments", distinct=True))

    def with_membership_of(self, user) -> "CourseQuerySet":
        """Each course with `user`'s active membership of it read in the same query (see
        `with_membership_read`): every course page asks this right after the course."""
        return with_membership_read(self, user, memberships="memberships")


class Course(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    join_code = models.CharField(max_length=14, unique=True, default=new_join_code)
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text=_("Dates in this course are shown in this zone.")
    )
    premoderation = models.CharField(
        max_length=20,
        choices=[
            ("off", _("Off: posts appear at once")),
            ("students", _("Every student post waits for review")),
            ("new_students", _("Posts by recently joined students wait for review")),
        ],
        default="off",
    )
    new_student_days = models.PositiveSmallIntegerField(
        default=7, help_text=_("With review for recently joined students: for how many days.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courses_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts changes to the watched words a post here is checked against (the course's and the
    # site's). It comes with the course wherever a post loads it, and names the cached list, so
    # every server process sees a change at once, whatever its cache.
    watched_words_version = models.PositiveIntegerField(default=0, editable=False)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("classroom:course", args=[self.slug])

    @property
    def join_url(self) -> str:
        return reverse("classroom:join_link", args=[self.join_code])


class Invitation(models.Model):
    """An e-mail that invited someone to a course by its join link, kept so a teacher's
    invitations can be limited per hour (INVITATIONS_PER_HOUR)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.course}"


class Role(models.TextChoices):
    INSTRUCTOR = "instructor", _("Instructor")
    TA = "ta", _("Teaching assistant")
    STUDENT = "student", _("Student")


STAFF_ROLES = frozenset({Role.INSTRUCTOR, Role.TA})


class MembershipQuerySet(models.QuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(removed_at__isnull=True)

    def students(self) -> "MembershipQuerySet":
        """Active students, each with their user."""
        return self.active().filter(role=Role.STUDENT).select_related("user")

    def graded(self) -> "MembershipQuerySet":
        """Active members whose participation is scored: every student, and the teaching
        assistants who were students and are still graded as one."""
        return self.active().filter(Q(role=Role.STUDENT) | Q(role=Role.TA, graded_as_student=True))


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)
    group = models.ForeignKey(
        "Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    # Removing someone keeps the row (and everything they wrote); they simply lose access.
    removed_at = models.DateTimeField(null=True, blank=True)
    # Students are always scored. A student made a teaching assistant keeps being scored, so
    # the promotion never drops their grade, unless the teacher says otherwise.
    graded_as_student = models.BooleanField(
        default=False,
        help_text=_(
            "For a teaching assistant: their participation is still scored like a student's."
        ),
    )
    student_number = models.CharField(
        _("student ID"),
        max_length=64,
        blank=True,
        help_text=_("The school's ID for this student, for importing grades into a gradebook."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_membership_per_course")
        ]
        ordering = ["role", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} in {self.course} ({self.get_role_display()})"

    @property
    def is_graded(self) -> bool:
        return self.role == Role.STUDENT or (self.role == Role.TA and self.graded_as_student)


class Group(models.Model):
    """A small discussion group inside a course; a student is in at most one per course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["course", "name"]
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="unique_group_name")]

    def __str__(self) -> str:
        return self.name


# What `with_membership_read` reads of a person's membership.
MEMBERSHIP_COLUMNS = ("pk", "role", "group_id", "joined_at", "graded_as_student", "student_number")


def with_membership_read(queryset: models.QuerySet, user, *, memberships: str) -> models.QuerySet:
    """`queryset` with `user`'s active membership of each row's course (whose memberships the
    path `memberships` reaches) read in the same query, as `membership_{column}` (None when they
    are not a member), for `classroom.access.remember_membership`."""
    if not user.is_authenticated:
        return queryset
    # One join (a person has at most one membership of a course), not a subquery a column.
    mine = models.FilteredRelation(
        memberships,
        condition=Q(**{f"{memberships}__user": user, f"{memberships}__removed_at": None}),
    )
    return queryset.annotate(viewer_membership=mine).annotate(
        **{
            f"membership_{column}": models.F(f"viewer_membership__{column}")
            for column in MEMBERSHIP_COLUMNS
        }
    )


class AssignmentQuerySet(models.QuerySet):
    def with_reading(self) -> "AssignmentQuerySet":
        return self.select_related("course", "reading")

    def with_membership_of(self, user) -> "AssignmentQuerySet":
        """Each assignment with `user`'s active membership of its course read in the same
        query (see `with_membership_read`); every page that loads an assignment asks this next
        (`classroom.access.membership_for`)."""
        return with_membership_read(self, user, memberships="course__memberships")


class PostFirst(models.TextChoices):
    """What a student must post before reading classmates' comments."""

    OFF = "off", _("Off: classmates' comments show at once")
    READING = "reading", _("Posting once unlocks the whole reading")
    PARAGRAPH = "paragraph", _("Posting in a paragraph unlocks that paragraph's discussion")


class Assignment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    reading = models.ForeignKey(
        "articles.Reading", on_delete=models.PROTECT, related_name="assignments"
    )
    instructions = models.TextField(blank=True)
    instructions_html = models.TextField(blank=True, editable=False)
    opens_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Students see the reading from this moment.")
    )
    due_at = models.DateTimeField(null=True, blank=True, help_text=_("Posts after this are late."))
    locks_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The discussion becomes read-only at this moment.")
    )
    post_first = models.CharField(
        max_length=12,
        choices=PostFirst.choices,
        default=PostFirst.OFF,
        help_text=_(
            "Students see classmates' comments only after posting their own: once anywhere "
            "in the reading, or in each paragraph before that paragraph's discussion."
        ),
    )
    hide_counts_before_posting = models.BooleanField(
        default=False,
        help_text=_("With post-first, also hide how many comments classmates wrote."),
    )
    anonymous = models.BooleanField(
        default=False, help_text=_("Students appear to classmates under a pseudonym.")
    )
    group_discussions = models.BooleanField(
        default=False, help_text=_("Each group discusses separately; staff see every group.")
    )
    premoderate = models.BooleanField(
        default=False, help_text=_("Every student post in this assignment waits for review.")
    )
    slow_mode_seconds = models.PositiveIntegerField(
        default=0, help_text=_("Slow mode: seconds each student waits between posts (0 is off).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reading.title} ({self.course})"

    def get_absolute_url(self) -> str:
        return reverse("discussions:reading", args=[self.course.slug, self.pk])

    def is_open(self, now) -> bool:
        return self.opens_at is None or now >= self.opens_at

    def is_locked(self, now) -> bool:
        return self.locks_at is not None and now >= self.locks_at

    def is_late(self, now) -> bool:
        return self.due_at is not None and now > self.due_at

    @property
    def rendered_instructions(self) -> SafeString:
        # instructions_html is only ever written by rendering.render_markdown.
        return mark_safe(self.instructions_html)  # noqa: S308


# The LMS side lives with its package; Django finds app models through this module.
from .lti.models import (  # noqa: E402
    AssignmentLink,
    CourseLink,
    Deployment,
    Identity,
    Platform,
    ToolKey,
    UsedNonce,
)

__all__ = [
    "AssignmentLink",
    "CourseLink",
    "Deployment",
    "Identity",
    "Platform",
    "ToolKey",
    "UsedNonce",
]
