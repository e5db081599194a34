"""Threaded comments on an assignment's paragraphs, and the record of every change to them."""

from decimal import Decimal
from functools import cache

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.base import ModelState
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from classroom.models import NAME_FIELDS, STAFF_ROLES, Membership

# Threads nest this many levels; deeper replies attach at the last level with a mention.
MAX_DEPTH = 4


class Status(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Pending review")
    HIDDEN = "hidden", _("Hidden by a moderator")
    WITHDRAWN = "withdrawn", _("Withdrawn by author")


class Kind(models.TextChoices):
    """Optional reply types a student can tag a comment with."""

    NONE = "", _("No label")
    QUESTION = "question", _("Question")
    CLAIM = "claim", _("Claim")
    EVIDENCE = "evidence", _("Evidence")
    COUNTERPOINT = "counterpoint", _("Counterpoint")


class Prompt(models.Model):
    """A question staff pin to the reading or one paragraph; students answer in its thread."""

    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="prompts"
    )
    paragraph = models.ForeignKey(
        "articles.Paragraph",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prompts",
        help_text=_("Empty for a prompt on the whole reading."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    body_html = models.TextField(editable=False)
    post_first = models.BooleanField(
        default=False, help_text=_("Students see classmates' answers only after answering.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Prompt {self.pk} on {self.assignment}"

    @property
    def anchor(self) -> str:
        return f"prompt-{self.pk}"

    @property
    def rendered_body(self) -> SafeString:
        # body_html is only ever written by rendering.render_markdown, which sanitises it.
        return mark_safe(self.body_html)  # noqa: S308


@cache
def _comments_prefix() -> str:
    return reverse("discussions:comment", args=[0]).removesuffix("0/")


# Where a comment names people: its author and the author of the comment it replies to.
WRITER_PATHS = ("author", "reply_to_author")


class CommentQuerySet(models.QuerySet):
    def for_assignment(self, assignment) -> "CommentQuerySet":
        return self.filter(assignment=assignment)

    def for_audience(self, audience) -> "CommentQuerySet":
        """What this person may read of the assignment, with everything a comment shows."""
        staff = Membership.objects.active().filter(
            course_id=audience.assignment.course_id, role__in=STAFF_ROLES
        )
        reactions = Reaction.objects.filter(comment=OuterRef("pk"))
        helpful = reactions.values("comment").annotate(total=Count("pk")).values("total")
        return (
            self.filter(assignment=audience.assignment)
            .filter(audience.comment_filter())
            .annotate(
                by_staff=Q(author__is_superuser=True)
                | Exists(staff.filter(user_id=OuterRef("author_id"))),
                reply_to_by_staff=Q(reply_to__author__is_superuser=True)
                | Exists(staff.filter(user_id=OuterRef("reply_to__author_id"))),
                helpful_count=Coalesce(Subquery(helpful), Value(0), output_field=IntegerField()),
                found_helpful=Exists(reactions.filter(user=audience.user)),
                # Authors' names as plain columns (Audience.present builds one User per
                # writer from them), rather than a User object per comment.
                reply_to_author_id=F("reply_to__author_id"),
                **{
                    f"{path}_{name}": F(f"{path.replace('_author', '__author')}__{name}")
                    for path in WRITER_PATHS
                    for name in NAME_FIELDS
                },
            )
            .order_by("created_at", "pk")
        )

    def counts_by_paragraph(self) -> dict[int, int]:
        rows = (
            self.filter(status=Status.VISIBLE)
            .values("paragraph_id")
            .annotate(total=Count("pk"))
            .order_by()
        )
        return {row["paragraph_id"]: row["total"] for row in rows}

    def standing(self) -> "CommentQuerySet":
        """Comments that still count as someone's contribution."""
        return self.exclude(status=Status.WITHDRAWN)


class Comment(models.Model):
    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="comments"
    )
    # Empty only for answers to a prompt on the whole reading.
    paragraph = models.ForeignKey(
        "articles.Paragraph",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    group = models.ForeignKey(
        "classroom.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The comment actually answered when it sits deeper than MAX_DEPTH allows.
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    thread_root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="thread"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VISIBLE)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NONE, blank=True)
    # Why a moderator hid it (or held it for review), shown to its author.
    moderation_reason = models.TextField(blank=True)
    # On a thread's first comment: no new replies anywhere in the thread.
    thread_locked = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    is_late = models.BooleanField(default=False)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Any change a reader could see (posted, edited, approved, hidden, pinned...): open
    # discussions poll for comments changed since they last asked (discussions/live.py).
    changed_at = models.DateTimeField(auto_now=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["assignment", "paragraph", "created_at"]),
            models.Index(fields=["assignment", "changed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__lt=MAX_DEPTH), name="comment_depth_within_limit"
            )
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author} on {self.paragraph}"

    def save(self, *args, **kwargs):
        # A save of a few fields is still a change readers should hear about.
        if kwargs.get("update_fields"):
            kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # Every action on a comment lives under this address (reply/, edit/, helpful/...);
        # building it from a cached prefix keeps a page of a thousand comments cheap.
        return f"{_comments_prefix()}{self.pk}/"

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        """Load a row without `Model.__init__`'s per-field work: a reading page builds a
        Comment for every comment it shows. Deferred fields stay out of `__dict__`, so they
        load on first use as usual."""
        comment = cls.__new__(cls)
        comment.__dict__.update(zip(field_names, values, strict=True))
        comment._state = ModelState()
        comment._state.adding = False
        comment._state.db = db
        if fetch_mode is not None:
            comment._state.fetch_mode = fetch_mode
        return comment

    @property
    def anchor(self) -> str:
        return f"c-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.status == Status.VISIBLE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN

    @property
    def rendered_body(self) -> SafeString:
        # body_html is only ever written by rendering.render_markdown, which sanitises it.
        return mark_safe(self.body_html)  # noqa: S308


class CommentRevision(models.Model):
    """The wording a comment had before an edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "created_at"]

    def __str__(self) -> str:
        return f"Revision of comment {self.comment_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ModerationAction(models.Model):
    """The append-only audit trail: every status change and moderation decision, with who,
    when, why and the status before and after. Rows are never changed or deleted."""

    class Kind(models.TextChoices):
        WITHDRAW = "withdraw", _("Withdrawn by author")
        HOLD = "hold", _("Held for review")
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        RESUBMIT = "resubmit", _("Edited and resubmitted by author")
        DISMISS_FLAGS = "dismiss_flags", _("Flags dismissed")
        LOCK_THREAD = "lock_thread", _("Thread locked")
        UNLOCK_THREAD = "unlock_thread", _("Thread unlocked")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        SUSPEND = "suspend", _("Member suspended")
        LIFT_SUSPENSION = "lift_suspension", _("Suspension lifted")
        ERASE = "erase", _("Text erased on request")

    course = models.ForeignKey(
        "classroom.Course", on_delete=models.PROTECT, related_name="moderation_actions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person the action concerns (a comment's author, a suspended member)."),
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit rows are append-only.")


class FlagReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Off-topic")
    DISRESPECTFUL = "disrespectful", _("Disrespectful")
    HARASSMENT = "harassment", _("Harassment or bullying")
    SPAM = "spam", _("Spam")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """A member asking staff to look at a comment; the author never learns who flagged."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags_raised"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "flagger"], name="one_flag_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on comment {self.comment_id}"


class WatchedWord(models.Model):
    """A word or phrase to act on when it appears in a post, for one course or the whole site."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Block the post with a message")
        REVIEW = "review", _("Hold the post for review")
        MASK = "mask", _("Replace it with a mask")

    course = models.ForeignKey(
        "classroom.Course",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watched_words",
        help_text=_("Empty for a site-wide entry."),
    )
    phrase = models.CharField(max_length=100)
    whole_word = models.BooleanField(
        default=True, help_text=_("Match whole words only (so “ass” does not match “class”).")
    )
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.REVIEW)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class Suspension(models.Model):
    """A member made read-only in a course for a while, with a reason they can see."""

    course = models.ForeignKey(
        "classroom.Course", on_delete=models.CASCADE, related_name="suspensions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suspensions"
    )
    reason = models.TextField()
    starts_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.user} suspended in {self.course} until {self.ends_at:%Y-%m-%d}"


class NoticeQuerySet(models.QuerySet):
    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self) -> "NoticeQuerySet":
        """Unread and not yet in a daily e-mail."""
        return self.unread().filter(emailed_at__isnull=True)


class Notice(models.Model):
    """An in-app notification to one person: a reply, a mention, a moderator's decision or a
    new assignment. The text is written when it is sent, in the person's language, and never
    quotes a comment (which might be hidden later)."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        MENTION = "mention", _("Mention")
        MODERATION = "moderation", _("Moderation")
        ASSIGNMENT = "assignment", _("New assignment")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MODERATION)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    # What it is about, so the same reply, mention or assignment is never announced twice.
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assignment = models.ForeignKey(
        "classroom.Assignment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out in a daily e-mail digest.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            # A reply that also mentions you is one notice.
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=Q(kind__in=["reply", "mention"]),
                name="one_notice_per_comment",
            ),
            models.UniqueConstraint(
                fields=["user", "assignment"],
                condition=Q(kind="assignment"),
                name="one_notice_per_assignment",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Reaction(models.Model):
    """A student marking a comment helpful; one per person per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_reaction_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} found comment {self.comment_id} helpful"


class Pseudonym(models.Model):
    """The stable name a student goes by in one anonymous assignment. A name is used once in
    a whole course, so nobody is mistaken for someone from another assignment."""

    assignment = models.ForeignKey(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="pseudonyms"
    )
    # The assignment's course, kept here so the database itself keeps names unique per course.
    course = models.ForeignKey("classroom.Course", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="one_pseudonym_each"),
            models.UniqueConstraint(fields=["course", "name"], name="pseudonyms_never_collide"),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.TextChoices):
    """What a rubric can reward, in the order every page, form and export lists them."""

    COMMENTS = "comments", _("Threads started")
    REPLIES = "replies", _("Replies")
    WORDS = "words", _("Words")
    PARAGRAPHS = "paragraphs", _("Paragraphs covered")
    PROMPTS = "prompts", _("Prompts answered")
    ON_TIME = "on_time", _("On-time posts")
    HELPFUL = "helpful", _("Helpful marks received")
    ENDORSED = "endorsed", _("Endorsed comments")


# Each criterion has two rubric fields: <criterion>_weight and <criterion>_cap.
WEIGHT_CAP = ("weight", "cap")
NOT_NEGATIVE = MinValueValidator(
    Decimal(0), message=_("Can't be negative: use 0 to leave this criterion out.")
)


def _weight(default: str, help_text) -> models.DecimalField:
    return models.DecimalField(
        max_digits=7,
        decimal_places=3,
        default=Decimal(default),
        validators=[NOT_NEGATIVE],
        help_text=help_text,
    )


def _cap(default: str) -> models.DecimalField:
    return models.DecimalField(
        max_digits=7,
        decimal_places=3,
        default=Decimal(default),
        validators=[NOT_NEGATIVE],
        help_text=_("Most points this criterion can give."),
    )


class ParticipationRubric(models.Model):
    """How an assignment's participation is scored: points per unit and a cap per criterion.

    An assignment without a saved rubric is scored with these defaults, whose caps add up to
    the points possible.
    """

    assignment = models.OneToOneField(
        "classroom.Assignment", on_delete=models.CASCADE, related_name="participation_rubric"
    )
    points_possible = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal(10),
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("Points possible must be more than 0."))
        ],
        help_text=_("A score never goes above this, whatever the criteria add up to."),
    )
    comments_weight = _weight("1", _("Points per thread started."))
    comments_cap = _cap("3")
    replies_weight = _weight("1", _("Points per reply."))
    replies_cap = _cap("3")
    words_weight = _weight("0.01", _("Points per word."))
    words_cap = _cap("1")
    paragraphs_weight = _weight("0.5", _("Points per paragraph covered."))
    paragraphs_cap = _cap("1")
    prompts_weight = _weight("1", _("Points per prompt answered."))
    prompts_cap = _cap("1")
    on_time_weight = _weight("0", _("Points per post before the due date."))
    on_time_cap = _cap("0")
    helpful_weight = _weight("0.5", _("Points per helpful mark."))
    helpful_cap = _cap("0.5")
    endorsed_weight = _weight("0.5", _("Points per endorsed comment."))
    endorsed_cap = _cap("0.5")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(points_possible__gt=0),
                name="rubric_points_possible_positive",
                violation_error_message=_("Points possible must be more than 0."),
            ),
            models.CheckConstraint(
                condition=Q.create(
                    [(f"{key}_{part}__gte", 0) for key in Criterion.values for part in WEIGHT_CAP]
                ),
                name="rubric_weights_and_caps_not_negative",
                violation_error_message=_("Weights and caps can't be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"Participation rubric for {self.assignment}"

    def weight(self, criterion: str) -> Decimal:
        return getattr(self, f"{criterion}_weight")

    def cap(self, criterion: str) -> Decimal:
        return getattr(self, f"{criterion}_cap")

    @property
    def caps_total(self) -> Decimal:
        return sum((self.cap(key) for key in Criterion.values), Decimal(0))
