"""What one person may see of an assignment's discussion, decided once per request.

Every way comments leave the server (pages, fragments, counts, exports) filters through
`Audience.comment_filter()` and names authors through `Audience.author_label()`, so post-first,
groups and anonymity cannot be bypassed by picking a different URL.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils.translation import gettext as _

from classroom.access import can_moderate, membership_for
from classroom.models import NAME_FIELDS, STAFF_ROLES, Assignment, Membership, PostFirst, User

from .models import DELETED_ACCOUNT, MAX_DEPTH, WRITER_PATHS, Comment, Prompt, Pseudonym, Status


def staff_of(course, *, path: str = "") -> Q:
    """Comments whose author runs the course (instructors, TAs) or the site; `path` reaches a
    related comment instead, e.g. "parent__"."""
    staff = Membership.objects.active().filter(course=course, role__in=STAFF_ROLES)
    return Q(**{f"{path}author__in": staff.values("user_id")}) | Q(
        **{f"{path}author__is_superuser": True}
    )


# Every comment a reply can hang under or name: its ancestors (threads nest MAX_DEPTH levels)
# and, past the deepest level, the comment it answers.
_ABOVE = (*("parent__" * level for level in range(1, MAX_DEPTH)), "reply_to__")


@dataclass
class Audience:
    user: object
    assignment: Assignment
    is_staff: bool
    group_id: int | None
    # What this person has posted here, for post-first: asked only where their posting
    # unlocks something (a student, `_posting_unlocks`); elsewhere nothing waits on it.
    has_posted: bool
    answered_prompt_ids: set[int]
    prompts: list[Prompt]
    # Where this person has posted: paragraph ids, and None for the whole reading.
    posted_paragraph_ids: set[int | None] = field(default_factory=set)
    pseudonyms: dict[int, str] = field(default_factory=dict)
    # Staff narrowing a group discussion to one group's threads (plus staff comments).
    group_filter: int | None = None

    def after_posting(self, comment: Comment) -> "Audience":
        """This audience once `comment`, theirs, is posted: what posting it unlocks
        (post-first) known without asking the database again."""
        posted = replace(
            self,
            has_posted=True,
            answered_prompt_ids=self.answered_prompt_ids | ({comment.prompt_id} - {None}),
            posted_paragraph_ids=self.posted_paragraph_ids | {comment.paragraph_id},
        )
        if self.assignment.anonymous and self.user.pk not in self.pseudonyms:
            # Their first post here gave them a pseudonym.
            posted.pseudonyms = Pseudonym.objects.names_by_user(self.assignment)
        return posted

    @property
    def waiting_to_post(self) -> bool:
        """Post-first on the whole reading and this student has not posted yet."""
        return (
            self.assignment.post_first == PostFirst.READING
            and not self.is_staff
            and not self.has_posted
        )

    @property
    def posts_per_paragraph(self) -> bool:
        """Post-first paragraph by paragraph applies to this person (a student)."""
        return self.assignment.post_first == PostFirst.PARAGRAPH and not self.is_staff

    def waits_in(self, paragraph_id: int | None) -> bool:
        """Whether this person must post in this paragraph (None: on the whole reading)
        before they see classmates' comments there."""
        if self.waiting_to_post:
            return True
        return self.posts_per_paragraph and paragraph_id not in self.posted_paragraph_ids

    @property
    def locked_prompt_ids(self) -> list[int]:
        if self.is_staff:
            return []
        return [p.pk for p in self.prompts if p.post_first and p.pk not in self.answered_prompt_ids]

    @property
    def own_pseudonym(self) -> str:
        return self.pseudonym_of(self.user.pk)

    def pseudonym_of(self, user_id: int) -> str:
        # Every student has one from the moment they join or the assignment turns anonymous
        # (discussions/pseudonyms.py); the placeholder covers anyone who slipped through.
        return self.pseudonyms.get(user_id) or _("Anonymous classmate")

    def comment_filter(self) -> Q:
        if self.is_staff:
            if self.group_filter is None:
                return Q()
            return Q(group_id=self.group_filter) | Q(group__isnull=True)
        condition = self.after_posting_filter()
        if self.waiting_to_post:
            return condition & self._before_posting()
        if self.posts_per_paragraph:
            condition &= self._in_posted_paragraphs() | self._before_posting()
        if self.locked_prompt_ids:
            condition &= ~Q(prompt_id__in=self.locked_prompt_ids) | self._before_posting()
        return condition

    def after_posting_filter(self) -> Q:
        """What a student may see once post-first no longer holds anything back: the part
        of `comment_filter` that posting does not change."""
        # Comments waiting for review are seen only by their author (and staff).
        condition = ~Q(status=Status.PENDING) | Q(author=self.user)
        if self.assignment.group_discussions:
            # Staff threads have no group; staff replies carry their thread's group.
            condition &= Q(group_id=self.group_id) | Q(group__isnull=True) | Q(author=self.user)
        return condition

    def _in_posted_paragraphs(self) -> Q:
        paragraph_ids = [pk for pk in self.posted_paragraph_ids if pk is not None]
        posted = Q(paragraph_id__in=paragraph_ids)
        if None in self.posted_paragraph_ids:
            posted |= Q(paragraph__isnull=True)
        return posted

    def _before_posting(self) -> Q:
        """Own and staff comments, except those under a classmate's comment: a staff reply
        there would give away that the classmate wrote, and whom it answers."""
        course = self.assignment.course
        allowed = Q(author=self.user) | staff_of(course)
        for path in _ABOVE:
            above = Q(**{f"{path}author": self.user}) | staff_of(course, path=path)
            allowed &= Q(**{f"{path.removesuffix('__')}__isnull": True}) | above
        return allowed

    def hides_peers(self) -> bool:
        return self.waiting_to_post or self.posts_per_paragraph or bool(self.locked_prompt_ids)

    def author_label(self, user, *, by_staff: bool) -> str:
        if not self.assignment.anonymous or by_staff:
            return user.public_name
        alias = self.pseudonym_of(user.pk)
        if user.pk == self.user.pk:
            return _("%(pseudonym)s (you)") % {"pseudonym": alias}
        if self.is_staff:
            return _("%(name)s (shown to students as %(pseudonym)s)") % {
                "name": user.public_name,
                "pseudonym": alias,
            }
        return alias

    def present(self, comments) -> list[Comment]:
        """Set the names this person may see on each comment (from `for_audience`)."""
        comments = list(comments)
        writers = writers_named(comments)
        # A page names a few dozen people a thousand times: each name is made once.
        labels: dict[tuple[int | None, bool], str] = {}

        def label(author_id: int | None, by_staff: bool) -> str:
            found = labels.get((author_id, by_staff))
            if found is None:
                found = labels[author_id, by_staff] = self.label(writers, author_id, by_staff)
            return found

        for comment in comments:
            comment.author_label = label(comment.author_id, comment.by_staff)
            if comment.reply_to_id:
                by_staff = comment.reply_to_by_staff
                comment.reply_to_label = label(comment.reply_to_author_id, by_staff)
        return comments

    def label(self, writers: dict, author_id: int | None, by_staff: bool) -> str:
        """How this person sees the writer `author_id` (of `writers_named`) named."""
        if author_id is None:
            return str(DELETED_ACCOUNT)
        return self.author_label(writers[author_id], by_staff=by_staff)

    def seen(self, comment_id: int) -> Comment | None:
        """One comment as this person sees it, or None if they may not see it."""
        shown = self.present(Comment.objects.for_audience(self).one(comment_id))
        return shown[0] if shown else None


def writers_named(comments, paths=WRITER_PATHS) -> dict[int, User]:
    """The people these comments name along `paths`, by id, from the name columns
    (`<path>_<name field>`) `for_audience` adds."""
    writers = {}
    for path in paths:
        id_name = f"{path}_id"
        for comment in comments:
            pk = getattr(comment, id_name)
            if pk is not None and pk not in writers:
                names = {name: getattr(comment, f"{path}_{name}") for name in NAME_FIELDS}
                writers[pk] = User(pk=pk, **names)
    return writers


def _posting_unlocks(assignment: Assignment, prompts: list[Prompt]) -> bool:
    """Whether a student's posting here unlocks anything: the reading is post-first, or one of
    its `prompts` is."""
    return assignment.post_first != PostFirst.OFF or any(prompt.post_first for prompt in prompts)


def audience_for(user, assignment: Assignment) -> Audience:
    return audiences_for(user, [assignment])[0]


def audiences_for(user, assignments: list[Assignment]) -> list[Audience]:
    """One Audience per assignment (all of one course), in the same few queries however many
    assignments there are: a course search weighs every reading at once."""
    if not assignments:
        return []
    course = assignments[0].course
    membership = membership_for(user, course)
    is_staff = can_moderate(user, course)
    prompts: dict[int, list[Prompt]] = {assignment.pk: [] for assignment in assignments}
    for prompt in Prompt.objects.filter(assignment__in=prompts, withdrawn_at__isnull=True):
        prompts[prompt.assignment_id].append(prompt)
    own: dict[int, set] = {assignment.pk: set() for assignment in assignments}
    # Staff see every comment: their posting unlocks nothing.
    unlocking = [] if is_staff else [a for a in assignments if _posting_unlocks(a, prompts[a.pk])]
    if unlocking:
        for assignment_id, prompt_id, paragraph_id in (
            Comment.objects.filter(assignment__in=unlocking, author=user)
            .exclude(status=Status.WITHDRAWN)
            .order_by()  # a set: the default sort by time would only cost
            .values_list("assignment_id", "prompt_id", "paragraph_id")
            .distinct()  # a prolific writer's thousand comments sit in a few dozen places
        ):
            own[assignment_id].add((prompt_id, paragraph_id))
    anonymous = [assignment for assignment in assignments if assignment.anonymous]
    pseudonyms: dict[int, dict[int, str]] = {assignment.pk: {} for assignment in anonymous}
    if anonymous:
        for assignment_id, user_id, name in Pseudonym.objects.filter(
            assignment__in=anonymous
        ).values_list("assignment_id", "user_id", "name"):
            pseudonyms[assignment_id][user_id] = name
    return [
        Audience(
            user=user,
            assignment=assignment,
            is_staff=is_staff,
            group_id=membership.group_id if membership else None,
            has_posted=bool(own[assignment.pk]),
            answered_prompt_ids={
                prompt_id for prompt_id, _paragraph in own[assignment.pk] if prompt_id is not None
            },
            prompts=prompts[assignment.pk],
            posted_paragraph_ids={paragraph_id for _prompt, paragraph_id in own[assignment.pk]},
            pseudonyms=pseudonyms.get(assignment.pk, {}),
        )
        for assignment in assignments
    ]
