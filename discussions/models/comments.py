"""Comments and prompts on an assignment's paragraphs, their earlier wordings and helpful marks."""

from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.base import ModelState
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from classroom.models import NAME_FIELDS, STAFF_ROLES, Membership

from .anchors import TextAnchor

# How a comment whose author deleted their account names its author.
DELETED_ACCOUNT = _("Deleted account")

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
    # Empty once its author deleted their account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    post_first = models.BooleanField(
        default=False, help_text=_("Students see classmates' answers only after answering.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when staff withdraw it: it no longer shows as a prompt, and its answers stay on the
    # page as ordinary threads on its paragraph.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

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

    def visible_to(self, audience) -> "CommentQuerySet":
        """What this person may read of the assignment."""
        return self.filter(assignment=audience.assignment).filter(audience.comment_filter())

    def for_audience(self, audience) -> "CommentQuerySet":
        """What this person may read of the assignment, with everything a comment shows."""
        staff = Membership.objects.active().filter(
            course_id=audience.assignment.course_id, role__in=STAFF_ROLES
        )
        reactions = Reaction.objects.filter(comment=OuterRef("pk"))
        helpful = reactions.values("comment").annotate(total=Count("pk")).values("total")
        return (
            self.visible_to(audience)
            .annotate(
                is_late=self.late_for(audience.assignment),
                # An edit waiting for review, for its author and staff only.
                waiting_edit_html=(
                    F("pending_body_html")
                    if audience.is_staff
                    else Case(
                        When(author_id=audience.user.pk, then=F("pending_body_html")),
                        default=Value(""),
                        output_field=models.TextField(),
                    )
                ),
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
            .defer("pending_body", "pending_body_html")
            .order_by("created_at", "pk")
        )

    def one(self, comment_id: int) -> "CommentQuerySet":
        """The comment `comment_id` among these, unsorted: one row needs no order, and with
        `for_audience`'s many columns Django takes longer to build an ORDER BY than the
        database takes to read the row."""
        return self.filter(pk=comment_id).order_by()

    def counted(self) -> "CommentQuerySet":
        """Comments that count as someone's contribution wherever contributions are counted
        (the course page's "commented", participation scores): visible ones, so neither
        those waiting for review, hidden by a moderator nor withdrawn by their author, and
        written before their assignment locked."""
        return self.filter(status=Status.VISIBLE).exclude(assignment__locks_at__lt=F("created_at"))

    @staticmethod
    def late_for(assignment) -> Q | Value:
        """Whether a comment is late, as an expression: written after the assignment's due
        date as it stands now, so moving the date decides again."""
        if assignment.due_at is None:
            return Value(False)
        return Q(created_at__gt=assignment.due_at)


class Comment(TextAnchor):
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
    # Empty once its author deleted their account: the comment stays as a tombstone.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
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
    # An edit waiting for review (its author is under review, or it holds a watched word):
    # everyone else keeps reading `body` until a moderator approves it. Empty when none waits.
    pending_body = models.TextField(blank=True)
    pending_body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VISIBLE)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NONE, blank=True)
    # Why a moderator hid it (or held it for review), shown to its author.
    moderation_reason = models.TextField(blank=True)
    # On a thread's first comment: no new replies anywhere in the thread.
    thread_locked = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When staff endorsed it: an endorsement after the assignment locked does not count.
    endorsed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Any change a reader could see (posted, edited, approved, hidden, pinned...): open
    # discussions poll for comments changed since they last asked (discussions/reading/live.py).
    changed_at = models.DateTimeField(auto_now=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["assignment", "paragraph", "created_at"]),
            models.Index(fields=["assignment", "changed_at"]),
            # A person's own comments on an assignment: every page (and a course search,
            # once per reading) asks whether and where they have posted, which this index
            # answers alone, without reading the comments.
            models.Index(
                fields=["assignment", "author", "status", "prompt", "paragraph"],
                name="comment_own_places",
            ),
            # A search for one reply type walks that type's comments newest first and stops
            # at a page's worth of matches, rather than walking every comment. A partial index
            # per type: its rows lie in the table in the order of their ids, which PostgreSQL's
            # statistics know, so it weighs the walk rightly (an index led by the type column
            # looks to it like reading the table at random).
            *(
                models.Index(fields=["id"], condition=Q(kind=kind), name=f"comment_newest_{kind}")
                for kind in Kind.values
                if kind
            ),
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
    def author_name(self) -> str:
        """The author's name for staff pages; a deleted account has none."""
        return self.author.public_name if self.author_id else str(DELETED_ACCOUNT)

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

    @property
    def has_pending_edit(self) -> bool:
        return bool(self.pending_body)

    @property
    def rendered_waiting_edit(self) -> SafeString:
        """The edit waiting for review as `for_audience` gave it to this viewer ("" for
        classmates)."""
        # pending_body_html is only ever written by rendering.render_markdown.
        return mark_safe(getattr(self, "waiting_edit_html", ""))  # noqa: S308

    @property
    def rendered_pending_edit(self) -> SafeString:
        """The edit waiting for review, for staff pages that load the whole row."""
        return mark_safe(self.pending_body_html)  # noqa: S308


class CommentRevision(models.Model):
    """A wording the comment no longer shows: by default one an edit replaced; or an edit
    that waited for review and was turned down, or replaced before anyone reviewed it."""

    class Outcome(models.TextChoices):
        REPLACED = "", _("Replaced by a later wording")
        REJECTED = "rejected", _("Edit turned down by a moderator")
        UNREVIEWED = "unreviewed", _("Edit replaced before review")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.REPLACED, blank=True
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "created_at"]

    def __str__(self) -> str:
        return f"Revision of comment {self.comment_id} at {self.created_at:%Y-%m-%d %H:%M}"


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
