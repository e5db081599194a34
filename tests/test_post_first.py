"""Post-first cannot be bypassed: every way a comment leaves the server, before and after posting.

One discussion is built three times: with post-first on the whole reading (posting once anywhere
unlocks it all), paragraph by paragraph (posting in paragraph 2 unlocks paragraph 2 only), and
on a prompt pinned to paragraph 2. A table of endpoints is then asked, as a student, before and
after the student posts: before, no classmate's words, names, pseudonyms (or, when the assignment
says so, counts) may appear; after, what the post unlocked must, and nothing else. Staff see
everything all along.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from articles.services import reading_revise
from classroom.models import Assignment, Group, Membership, PostFirst, Role
from discussions.models import Comment, Kind, Pseudonym, Reaction, Status
from discussions.notes.services import note_create
from discussions.pseudonyms import pseudonym_for
from discussions.reading.phrases import Phrase
from discussions.reading.services import (
    comment_create,
    comment_edit,
    comment_withdraw,
    prompt_create,
)
from tests.factories import MembershipFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ASSIGNMENT, PARAGRAPH, PROMPT = "assignment", "paragraph", "prompt"
MODES = [ASSIGNMENT, PARAGRAPH, PROMPT]
ASSIGNMENT_MODES = {ASSIGNMENT: PostFirst.READING, PARAGRAPH: PostFirst.PARAGRAPH}
LOCKED_PROMPT_NOTICE = "Answer this prompt to see your classmates' answers."
WAITING_NOTICE = "Post to see your classmates' replies."
PARAGRAPH_NOTICE = "Post here to see your classmates' comments on this paragraph."
PENDING_EDIT = "Quicksilver edit that waits for review."


@dataclass
class World:
    """A discussion under way, seen by `student`, who has not posted yet.

    `hidden` holds the classmates' comments post-first must keep back, `peers` their authors
    (who wrote nothing the student may see), `shown` the comments visible all along (staff, and
    in prompt mode classmates' comments outside the prompt), `hidden_after` the ones still kept
    back once the student has posted (paragraph by paragraph: those outside paragraph 2).
    """

    mode: str
    classroom: object
    assignment: object
    student: object
    paragraph: object  # paragraph 2, where the prompt and most of the talk are
    prompt: object
    reading_prompt: object  # a prompt on the whole reading, never post-first itself
    staff_thread: Comment  # the instructor's thread on paragraph 2 (not in the prompt)
    staff_answer: Comment  # the TA's answer to the prompt
    peer_answer: Comment  # a classmate's answer to the prompt, tagged as a question
    hidden: list = field(default_factory=list)
    shown: list = field(default_factory=list)
    peers: list = field(default_factory=list)
    hidden_after: list = field(default_factory=list)
    own: Comment | None = None  # the student's comment that does not count as posting
    # Private notes on paragraph 2: the student's own, and classmates' and staff's, which no
    # page, fragment or header may ever show the student (nor any student's note to staff).
    own_note: str = ""
    others_notes: list = field(default_factory=list)
    phrase_threads: list = field(default_factory=list)  # the threads on overlapping phrases

    @property
    def course(self):
        return self.classroom.course

    def post(self) -> Comment:
        """What counts as posting: any comment (assignment) or an answer to the prompt."""
        if self.mode == ASSIGNMENT:
            paragraph = self.classroom.paragraphs[3]
            comment = comment_create(
                author=self.student,
                assignment=self.assignment,
                paragraph=paragraph,
                body="My own view on paragraph four.",
            )
        elif self.mode == PARAGRAPH:
            comment = comment_create(
                author=self.student,
                assignment=self.assignment,
                paragraph=self.paragraph,
                body="My own view on paragraph two.",
            )
        else:
            comment = comment_create(
                author=self.student,
                assignment=self.assignment,
                prompt=self.prompt,
                body="My own answer to the prompt.",
            )
        self.own = self.own or comment
        return comment

    def names_of(self, person) -> list[str]:
        names = [person.display_name, person.username, person.get_full_name()]
        pseudonym = Pseudonym.objects.filter(assignment=self.assignment, user=person).first()
        return [name for name in names if name] + ([pseudonym.name] if pseudonym else [])

    def label_of(self, comment: Comment) -> str:
        staff = (self.classroom.instructor.pk, self.classroom.ta.pk)
        if self.assignment.anonymous and comment.author_id not in staff:
            return Pseudonym.objects.get(assignment=self.assignment, user=comment.author).name
        return comment.author.display_name

    @property
    def unlocked(self) -> list[Comment]:
        """What posting shows: the hidden comments not still hidden after it."""
        return [comment for comment in self.hidden if comment not in self.hidden_after]

    def reveal(self, comments: list[Comment]) -> None:
        """The student's post unlocked these too; their authors are no longer unseen."""
        self.hidden = [comment for comment in self.hidden if comment not in comments]
        authors = {comment.author_id for comment in comments}
        self.peers = [peer for peer in self.peers if peer.pk not in authors]

    def expected_counts(self, *, after: bool, staff: bool = False) -> dict[int, int]:
        """Visible comments per paragraph as the student (or staff) may count them."""
        comments = self.assignment.comments.filter(status=Status.VISIBLE)
        if not staff:
            waiting = self.hidden_after if after else self.hidden
            comments = comments.exclude(pk__in=[comment.pk for comment in waiting])
        counts = dict.fromkeys((p.pk for p in self.classroom.paragraphs), 0)
        for comment in comments:
            if comment.paragraph_id in counts:
                counts[comment.paragraph_id] += 1
        return counts


def _person(username: str, first: str, last: str):
    return UserFactory(
        username=username, display_name=f"{first} {last}", first_name=first, last_name=last
    )


def build_world(classroom, mode: str, *, anonymous: bool, hide_counts: bool = True) -> World:
    assignment = classroom.assignment
    assignment.post_first = ASSIGNMENT_MODES.get(mode, PostFirst.OFF)
    assignment.hide_counts_before_posting = hide_counts
    assignment.anonymous = anonymous
    assignment.save()
    # Names nothing else on a page could contain by accident.
    classmate = classroom.classmate
    classmate.username, classmate.first_name, classmate.last_name = "corvin_ash", "Corvin", "Ash"
    classmate.display_name = "Corvin Ashdown"
    classmate.save()
    quentin = _person("quill_marlowe", "Quentin", "Marlowe")
    ysolde = _person("ysolde_fair", "Ysolde", "Fairweather")
    for person in (quentin, ysolde):
        MembershipFactory(user=person, course=classroom.course, role=Role.STUDENT)
    if anonymous:
        # The fixture's comment was written before the assignment turned anonymous.
        pseudonym_for(assignment=assignment, user=classmate)
    paragraphs = classroom.paragraphs
    second = paragraphs[1]

    def say(author, body, **where):
        return comment_create(author=author, assignment=assignment, body=body, **where)

    prompt = prompt_create(
        assignment=assignment,
        author=classroom.instructor,
        body="What does the quay stand for?",
        paragraph=second,
        post_first=mode == PROMPT,
    )
    reading_prompt = prompt_create(
        assignment=assignment, author=classroom.instructor, body="Sum the essay up in a line."
    )
    peer_answer = comment_create(
        author=quentin,
        assignment=assignment,
        prompt=prompt,
        body="Marrowfat lanterns drift past the quay.",
        kind=Kind.QUESTION,
    )
    peer_reply = say(ysolde, "Obsidian sparrows argue at noon.", parent=peer_answer)
    peer_answer_2 = say(ysolde, "Cinnabar kettles hum softly.", prompt=prompt)
    # Both threads on the second paragraph are on phrases, and the phrases overlap: a mark
    # that counted the classmate's thread would say so.
    assert second.text.startswith("Paragraph 1 text")
    classmate_thread = say(
        classmate,
        "Corvin wonders about the bridge.",
        paragraph=second,
        phrase=Phrase(exact="1 text"),
    )
    staff_thread = comment_create(
        author=classroom.instructor,
        assignment=assignment,
        paragraph=second,
        body="Instructor note: notice the verbs.",
        kind=Kind.QUESTION,
        phrase=Phrase(exact="Paragraph 1"),
    )
    staff_answer = say(classroom.ta, "TA answer: consider the tide.", prompt=prompt)
    reading_answer = say(quentin, "Gossamer summary from a classmate.", prompt=reading_prompt)
    # An edit waiting for review: before posting and after, the student never reads it.
    assignment.premoderate = True
    assignment.save(update_fields=["premoderate"])
    comment_edit(comment=peer_answer, editor=quentin, body=PENDING_EDIT)
    assignment.premoderate = False
    assignment.save(update_fields=["premoderate"])
    world = World(
        phrase_threads=[staff_thread, classmate_thread],
        mode=mode,
        classroom=classroom,
        assignment=assignment,
        student=classroom.student,
        paragraph=second,
        prompt=prompt,
        reading_prompt=reading_prompt,
        staff_thread=staff_thread,
        staff_answer=staff_answer,
        peer_answer=peer_answer,
    )

    def note(author, body):
        note_create(
            author=author, assignment=assignment, paragraph=second, body=body, quote=second.text[:9]
        )
        return body

    world.own_note = note(classroom.student, "Own private musing on saffron tides.")
    world.others_notes = [
        note(quentin, "Quentin's private aside on periwinkle boats."),
        note(classroom.instructor, "Instructor's private hunch about vermilion gates."),
    ]
    prompt_answers = [peer_answer, peer_reply, peer_answer_2]
    outside_prompt = [classroom.comment, classmate_thread, reading_answer]
    if mode in ASSIGNMENT_MODES:
        world.hidden = prompt_answers + outside_prompt
        world.peers = [quentin, ysolde, classmate]
        world.shown = [staff_thread, staff_answer]
        if mode == PARAGRAPH:
            # Paragraph 1's talk and answers on the whole reading wait for posts there.
            world.hidden_after = [c for c in world.hidden if c.paragraph_id != second.pk]
    else:
        world.hidden = prompt_answers
        # Quentin also answered the reading prompt, which is not post-first: his name shows.
        world.peers = [ysolde]
        world.shown = [staff_thread, staff_answer, *outside_prompt]
        world.own = say(classroom.student, "Own thread outside the prompt.", paragraph=second)
    return world


# --- What a response may and must contain ---


def page_text(response) -> str:
    """The body and every header htmx reads (HX-Trigger carries JSON)."""
    headers = json.dumps(dict(response.headers.items()))
    return response.content.decode() + headers


def words(comment: Comment) -> str:
    """A comment's text as a page shows it (rendered from Markdown)."""
    return comment.body_html.strip().removeprefix("<p>").removesuffix("</p>")


# "+ 2 waiting" beside a paragraph, "2 comments waiting here" in its discussion.
WAITING = re.compile(r"\d+ (comments? )?waiting")
COUNT = re.compile(r'id="count-(\d+)"[^>]*>(\d+) comment')
DENSITY = re.compile(r'id="p-(\d+)"[^>]*>\s*<div class="paragraph-body density-(\d)"')


def assert_counts(text: str, world: World, *, after: bool, staff: bool = False) -> None:
    expected = world.expected_counts(after=after, staff=staff)
    for paragraph_id, shown in COUNT.findall(text):
        assert int(paragraph_id) in expected, "a count for a paragraph the test does not know"
        assert int(shown) == expected[int(paragraph_id)], (
            f"paragraph {paragraph_id} says {shown} comments, the student may count "
            f"{expected[int(paragraph_id)]}"
        )
    for paragraph_id, density in DENSITY.findall(text):
        if expected[int(paragraph_id)] == 0:
            assert density == "0", f"paragraph {paragraph_id}'s margin bar shows hidden talk"


def assert_hides_others_notes(text: str, world: World) -> None:
    for note in world.others_notes:
        assert note not in text, f"someone else's private note leaked: {note!r}"


PHRASE_MARK = re.compile(r'<mark class="phrase" data-threads="(\d+)">')
PHRASE_LINK = re.compile(r'class="phrase-threads" href="[^"]*#c-(\d+)"')


def phrase_marks(world: World, *, after: bool) -> list[str]:
    """The mark on the second paragraph's phrases: it counts the threads on them the student
    may see (staff's always; the classmate's once posting shows it, or all along)."""
    hidden = world.hidden_after if after else world.hidden
    count = sum(1 for thread in world.phrase_threads if thread not in hidden)
    return [f'<mark class="phrase" data-threads="{count}">']


def assert_hides_classmates(response, world: World, *, counts: bool = True) -> None:
    text = page_text(response)
    assert PENDING_EDIT not in text, "an edit waiting for review leaked"
    assert_hides_others_notes(text, world)
    for comment in world.hidden:
        assert words(comment) not in text, f"a hidden comment leaked: {comment.body!r}"
    hidden_ids = {str(comment.pk) for comment in world.hidden}
    assert not hidden_ids & set(PHRASE_LINK.findall(text)), "a hidden thread's phrase is marked"
    visible = sum(1 for thread in world.phrase_threads if thread not in world.hidden)
    for count in PHRASE_MARK.findall(text):
        assert int(count) <= visible, "a mark counts a hidden thread"
    for peer in world.peers:
        for name in world.names_of(peer):
            assert name not in text, f"a hidden classmate's name leaked: {name!r}"
    if world.assignment.hide_counts_before_posting:
        assert not WAITING.search(text), "a count of hidden comments leaked"
    if counts:
        assert_counts(text, world, after=False)


def assert_shows(response, texts) -> None:
    text = page_text(response)
    for expected in texts:
        assert expected in text, f"expected {expected!r} in the response"


# --- The table ---

# Which comment a row aims at: before posting one the student may see, after posting a
# classmate's hidden one; OWN is the student's own comment.
TALK, OWN, NONE = "talk", "own", "none"


@dataclass(frozen=True)
class Row:
    name: str
    fetch: Callable  # (client, world, subject) -> response
    subject: str = NONE
    status: int = 200
    # What must appear, before and after posting, so that "nothing leaked" means something.
    before: Callable = lambda w, subject: []
    after: Callable = lambda w, subject: []
    # What staff must see, when it is not what a student sees after posting.
    staff: Callable | None = None
    staff_status: int = 200


def reading_url(w: World, **query) -> str:
    url = w.assignment.get_absolute_url()
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def fragment_url(w: World) -> str:
    return reverse(
        "discussions:paragraph_discussion", args=[w.course.slug, w.assignment.pk, w.paragraph.pk]
    )


def updates_url(w: World) -> str:
    """The open discussion's live updates, asked from long ago: everything is news."""
    return reverse(
        "discussions:discussion_updates",
        args=[w.course.slug, w.assignment.pk, w.paragraph.pk],
        query={"after": "1"},
    )


def comment_url(name: str, comment: Comment) -> str:
    return reverse(f"discussions:{name}", args=[comment.pk])


def paragraph_talk_before(w, subject):
    notice = {PROMPT: LOCKED_PROMPT_NOTICE, PARAGRAPH: PARAGRAPH_NOTICE}.get(w.mode, WAITING_NOTICE)
    shown = [words(c) for c in w.shown if c.paragraph_id == w.paragraph.pk]
    return [notice, w.prompt.body, *shown]


def paragraph_talk_after(w, subject):
    return [words(c) for c in w.hidden if c.paragraph_id == w.paragraph.pk]


def everything_before(w, subject):
    return [words(c) for c in w.shown]


def everything_after(w, subject):
    return [words(c) for c in w.unlocked]


def subject_text(w, subject):
    return [words(subject)]


def subject_and_author(w, subject):
    return [words(subject), w.label_of(subject)]


def reply_label(w, subject):
    return [f"Reply to {w.label_of(subject)}"]


# Words of every comment and prompt in the world, as alternatives.
SEARCH_EVERYONE = (
    "marrowfat OR obsidian OR cinnabar OR corvin OR gossamer OR first OR instructor OR ta "
    "OR own OR quay OR sum"
)


def searched(client, w: World, **query):
    """Course search results with the searched words' <mark> tags taken out, so that the
    table's words (and the leak checks) compare with the text as written."""
    response = client.get(reverse("discussions:search", args=[w.course.slug]), query)
    response.content = re.sub(r"</?mark>", "", response.content.decode()).encode()
    return response


def plain_words(comment: Comment) -> str:
    """A comment's text as a search result's snippet shows it (its words, no markup)."""
    return re.sub(r"<[^>]+>", "", words(comment))


def post(url, data=None, **headers):
    return lambda client, w, subject: client.post(url(w, subject), data or {}, headers=headers)


ROWS = [
    Row(
        "my-notes",
        lambda client, w, s: client.get(
            reverse("discussions:my_notes", args=[w.course.slug, w.assignment.pk])
        ),
        before=lambda w, s: [w.own_note],
        after=lambda w, s: [w.own_note],
        staff=lambda w, s: [],
    ),
    Row(
        "reading",
        lambda client, w, s: client.get(reading_url(w)),
        before=lambda w, s: [
            w.prompt.body,
            w.reading_prompt.body,
            w.own_note,
            *phrase_marks(w, after=False),
        ],
        after=lambda w, s: phrase_marks(w, after=True),
    ),
    Row(
        "reading-open",
        lambda client, w, s: client.get(reading_url(w, open=w.paragraph.pk)),
        before=paragraph_talk_before,
        after=paragraph_talk_after,
    ),
    Row(
        "reading-all",
        lambda client, w, s: client.get(reading_url(w, all=1)),
        before=lambda w, s: everything_before(w, s) + phrase_marks(w, after=False),
        after=lambda w, s: everything_after(w, s) + phrase_marks(w, after=True),
        staff=lambda w, s: [words(c) for c in w.hidden] + phrase_marks(w, after=True),
    ),
    Row(
        "reading-type-question",
        lambda client, w, s: client.get(reading_url(w, all=1, type=Kind.QUESTION)),
        before=lambda w, s: [words(w.staff_thread)],
        after=lambda w, s: [words(w.peer_answer)],
    ),
    Row(
        "fragment-htmx",
        lambda client, w, s: client.get(fragment_url(w), headers=HTMX),
        before=paragraph_talk_before,
        after=paragraph_talk_after,
    ),
    Row(
        "fragment-no-js",
        lambda client, w, s: client.get(fragment_url(w), follow=True),
        before=paragraph_talk_before,
        after=paragraph_talk_after,
    ),
    Row(
        "live-updates",
        lambda client, w, s: client.get(updates_url(w), headers=HTMX),
        before=lambda w, s: [words(c) for c in w.shown if c.paragraph_id == w.paragraph.pk],
        after=paragraph_talk_after,
    ),
    Row(
        "comment-htmx",
        lambda client, w, s: client.get(comment_url("comment", s), headers=HTMX),
        subject=TALK,
        before=subject_and_author,
        after=subject_and_author,
    ),
    Row(
        "comment-no-js",
        lambda client, w, s: client.get(comment_url("comment", s), follow=True),
        subject=TALK,
        before=paragraph_talk_before,
        after=paragraph_talk_after,
    ),
    Row(
        "reply-form-htmx",
        lambda client, w, s: client.get(comment_url("comment_reply", s), headers=HTMX),
        subject=TALK,
        before=reply_label,
        after=reply_label,
    ),
    Row(
        "reply-page",
        lambda client, w, s: client.get(comment_url("comment_reply", s)),
        subject=TALK,
        before=subject_and_author,
        after=subject_and_author,
    ),
    Row(
        "reply-refused",
        post(lambda w, s: comment_url("comment_reply", s), {"body": " "}, **HTMX),
        subject=TALK,
        status=422,
        before=reply_label,
        after=reply_label,
    ),
    Row(
        "helpful-htmx",
        post(lambda w, s: comment_url("comment_helpful", s), **HTMX),
        subject=TALK,
        before=subject_and_author,
        after=subject_and_author,
    ),
    Row(
        "helpful-no-js",
        lambda client, w, s: client.post(comment_url("comment_helpful", s), follow=True),
        subject=TALK,
        before=paragraph_talk_before,
        after=paragraph_talk_after,
    ),
    Row(
        "endorse-refused",
        post(lambda w, s: comment_url("comment_endorse", s), **HTMX),
        subject=TALK,
        status=403,
    ),
    Row(
        "edit-form-htmx",
        lambda client, w, s: client.get(comment_url("comment_edit", s), headers=HTMX),
        subject=OWN,
        before=subject_text,
        after=subject_text,
    ),
    Row(
        "edit-page",
        lambda client, w, s: client.get(comment_url("comment_edit", s)),
        subject=OWN,
        before=subject_text,
        after=subject_text,
    ),
    Row(
        "withdraw-page",
        lambda client, w, s: client.get(comment_url("comment_withdraw", s)),
        subject=OWN,
        before=subject_text,
        after=subject_text,
    ),
    Row(
        "thread-refused-htmx",
        post(
            lambda w, s: reverse(
                "discussions:thread_create", args=[w.course.slug, w.assignment.pk, w.paragraph.pk]
            ),
            {"body": ""},
            **HTMX,
        ),
        status=422,
    ),
    Row(
        "answer-refused-htmx",
        post(lambda w, s: reverse("discussions:prompt_answer", args=[w.prompt.pk]), **HTMX),
        status=422,
        before=lambda w, s: ["Write something before posting."],
    ),
    Row(
        "answer-refused-no-js",
        post(lambda w, s: reverse("discussions:prompt_answer", args=[w.prompt.pk])),
        status=422,
        before=lambda w, s: [w.prompt.body],
    ),
    Row(
        "flag-form-htmx",
        lambda client, w, s: client.get(comment_url("comment_flag", s), headers=HTMX),
        subject=TALK,
        before=lambda w, s: ["Flag this comment for the course staff"],
        after=lambda w, s: ["Flag this comment for the course staff"],
    ),
    Row(
        "flag-page",
        lambda client, w, s: client.get(comment_url("comment_flag", s)),
        subject=TALK,
        before=subject_and_author,
        after=subject_and_author,
    ),
    Row(
        "flag-refused",
        post(lambda w, s: comment_url("comment_flag", s), {"reason": "nonsense"}, **HTMX),
        subject=TALK,
        status=422,
    ),
    Row(
        "moderation-queue",
        lambda client, w, s: client.get(
            reverse("discussions:moderation_queue", args=[w.course.slug])
        ),
        status=403,
        staff=lambda w, s: ["Edit waiting for review", PENDING_EDIT],
    ),
    Row("notices", lambda client, w, s: client.get(reverse("discussions:notices"))),
    Row("course-page", lambda client, w, s: client.get(w.course.get_absolute_url())),
    Row(
        "search",
        lambda client, w, s: searched(client, w, q=SEARCH_EVERYONE),
        before=lambda w, s: [w.prompt.body, *(plain_words(c) for c in w.shown)],
        after=lambda w, s: [plain_words(c) for c in w.unlocked],
        staff=lambda w, s: [plain_words(c) for c in w.hidden],
    ),
    Row(
        "search-by-person",
        lambda client, w, s: searched(client, w, q=SEARCH_EVERYONE, person="Marlowe"),
    ),
    Row(
        "own-participation",
        lambda client, w, s: client.get(
            reverse(
                "discussions:participation_student",
                args=[w.course.slug, w.assignment.pk, w.student.pk],
            )
        ),
        before=lambda w, s: ["Your participation"],
        after=lambda w, s: ["Your participation", "My own"],
        staff=lambda w, s: [f"Participation of {w.student.display_name}"],
    ),
    *(
        Row(
            name,
            lambda client, w, s, name=name: client.get(
                reverse(f"discussions:{name}", args=[w.course.slug, w.assignment.pk])
            ),
            status=403,
            staff=staff,
        )
        for name, staff in [
            ("participation", lambda w, s: [p.display_name for p in w.peers]),
            ("participation_csv", lambda w, s: [p.display_name for p in w.peers]),
            ("participation_rubric", lambda w, s: ["Points possible"]),
            ("activity", lambda w, s: [w.paragraph.text[:40]]),
        ]
    ),
    # Downloads: a student gets their own comments only; the whole discussion is for staff.
    *(
        Row(
            f"own-comments-{file_format}",
            lambda client, w, s, file_format=file_format: client.get(
                reverse("discussions:own_comments_export", args=[w.course.slug, file_format])
            ),
            after=lambda w, s: ["My own"],
            staff=lambda w, s: [],
        )
        for file_format in ("csv", "jsonld")
    ),
    Row(
        "course-discussion-jsonld",
        lambda client, w, s: client.get(
            reverse("discussions:course_discussion_export", args=[w.course.slug, "jsonld"])
        ),
        status=403,
        staff=lambda w, s: [words(c) for c in w.hidden],
    ),
    Row(
        "assignment-discussion-csv",
        lambda client, w, s: client.get(
            reverse(
                "discussions:assignment_discussion_export",
                args=[w.course.slug, w.assignment.pk, "csv"],
            )
        ),
        status=403,
        staff=lambda w, s: [c.body for c in w.hidden],
    ),
    Row(
        "annotation-container",
        lambda client, w, s: client.get(
            reverse("discussions:annotation_container", args=[w.course.slug, w.assignment.pk])
        ),
        status=403,
        staff=lambda w, s: [words(c) for c in w.hidden],
    ),
]


def subject_for(row: Row, world: World, *, after: bool) -> Comment | None:
    if row.subject == TALK:
        return world.peer_answer if after else world.staff_thread
    if row.subject == OWN:
        return world.own
    return None


CASES = [(row, mode, anonymous) for row in ROWS for mode in MODES for anonymous in (False, True)]
IDS = [f"{row.name}-{mode}-{'anonymous' if anon else 'named'}" for row, mode, anon in CASES]


# In a post-first assignment a student who has posted nothing owns nothing to act on.
BEFORE_CASES = [
    case for case in CASES if not (case[0].subject == OWN and case[1] in ASSIGNMENT_MODES)
]
BEFORE_IDS = [IDS[CASES.index(case)] for case in BEFORE_CASES]


@pytest.mark.parametrize(("row", "mode", "anonymous"), BEFORE_CASES, ids=BEFORE_IDS)
def test_before_posting_nothing_of_classmates_shows(row, mode, anonymous, classroom, client_for):
    world = build_world(classroom, mode, anonymous=anonymous)
    subject = subject_for(row, world, after=False)
    assert row.subject != OWN or subject is not None
    client = client_for(world.student)
    response = row.fetch(client, world, subject)
    assert response.status_code == row.status
    assert_hides_classmates(response, world)
    assert_shows(response, row.before(world, subject))


@pytest.mark.parametrize(("row", "mode", "anonymous"), CASES, ids=IDS)
def test_after_posting_classmates_show(row, mode, anonymous, classroom, client_for):
    world = build_world(classroom, mode, anonymous=anonymous)
    world.post()
    subject = subject_for(row, world, after=True)
    client = client_for(world.student)
    response = row.fetch(client, world, subject)
    assert response.status_code == row.status
    text = page_text(response)
    assert PENDING_EDIT not in text, "an edit waiting for review leaked"
    assert_hides_others_notes(text, world)
    assert_counts(text, world, after=True)
    assert_shows(response, row.after(world, subject))
    for comment in world.hidden_after:
        assert words(comment) not in text, f"posting unlocked too much: {comment.body!r}"
    assert LOCKED_PROMPT_NOTICE not in text
    assert WAITING_NOTICE not in text


STAFF_ROWS = [row for row in ROWS if row.subject != OWN and row.name != "endorse-refused"]


@pytest.mark.parametrize("role", ["instructor", "ta"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("row", STAFF_ROWS, ids=[row.name for row in STAFF_ROWS])
def test_staff_see_everything_before_anyone_posts(row, mode, role, classroom, client_for):
    world = build_world(classroom, mode, anonymous=True)
    client = client_for(classroom.user(role))
    subject = subject_for(row, world, after=True)
    response = row.fetch(client, world, subject)
    assert response.status_code == (row.staff_status if row.staff else row.status)
    text = page_text(response)
    # The review queue (and its link) counts the classmate's edit waiting for review.
    if row.name != "moderation-queue":
        assert not WAITING.search(re.sub(r'<span class="queue-count">[^<]*</span>', "", text))
    assert LOCKED_PROMPT_NOTICE not in text
    assert WAITING_NOTICE not in text
    assert PARAGRAPH_NOTICE not in text
    assert world.own_note not in text, "a student's private note showed to staff"
    assert world.others_notes[0] not in text, "a student's private note showed to staff"
    expected = row.staff(world, subject) if row.staff else row.after(world, subject)
    if row.after is subject_and_author or row.after is reply_label:
        # Staff see the real name, and the pseudonym beside it.
        real = subject.author.display_name
        expected = [words(subject)] if row.after is subject_and_author else []
        expected += [real, world.label_of(subject)]
    if row.after is everything_after:
        expected = [words(c) for c in world.hidden]
    assert_shows(response, expected)
    counts = world.expected_counts(after=True, staff=True)
    for paragraph_id, shown in COUNT.findall(text):
        assert int(shown) == counts[int(paragraph_id)]


@pytest.mark.parametrize("mode", MODES)
def test_a_site_admin_sees_everything_too(mode, classroom, client_for):
    world = build_world(classroom, mode, anonymous=True)
    page = client_for(classroom.admin).get(reading_url(world, all=1))
    assert_shows(page, [words(c) for c in world.hidden])
    for note in (world.own_note, *world.others_notes):
        assert note not in page.text, "a private note showed to a site admin"
    assert_counts(page.text, world, after=True, staff=True)


def test_staff_endorse_a_hidden_comment(classroom, client_for):
    world = build_world(classroom, ASSIGNMENT, anonymous=False)
    client = client_for(classroom.instructor)
    response = client.post(comment_url("comment_endorse", world.peer_answer), headers=HTMX)
    assert response.status_code == 200
    assert_shows(response, [words(world.peer_answer), "Endorsed by staff"])


# --- Counts: hidden when the assignment says so, shown as "waiting" when it does not ---


@pytest.mark.parametrize("mode", MODES)
def test_waiting_counts_show_when_the_assignment_allows_it(mode, classroom, client_for):
    world = build_world(classroom, mode, anonymous=False, hide_counts=False)
    client = client_for(world.student)
    hidden_here = sum(1 for c in world.hidden if c.paragraph_id == world.paragraph.pk)
    page = client.get(reading_url(world, open=world.paragraph.pk))
    assert_counts(page.text, world, after=False)
    assert f"+ {hidden_here} waiting</span>" in page.text
    for comment in world.hidden:
        assert words(comment) not in page.text


@pytest.mark.parametrize("mode", MODES)
def test_counts_hidden_when_the_assignment_says_so(mode, classroom, client_for):
    world = build_world(classroom, mode, anonymous=False, hide_counts=True)
    page = client_for(world.student).get(reading_url(world, all=1))
    assert not WAITING.search(page.text)
    assert_counts(page.text, world, after=False)
    counts = world.expected_counts(after=False)
    assert counts[world.paragraph.pk] < world.expected_counts(after=True)[world.paragraph.pk]


@pytest.mark.parametrize("post_first", [PostFirst.READING, PostFirst.PARAGRAPH])
def test_in_a_group_discussion_only_the_own_groups_comments_wait(post_first, classroom, client_for):
    """ "+ N waiting" counts what posting would show: the student's group's comments and
    staff's, never how much another group wrote."""
    assignment = classroom.assignment
    assignment.post_first, assignment.group_discussions = post_first, True
    assignment.hide_counts_before_posting = False
    assignment.save()
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    lighthouse = Group.objects.create(course=classroom.course, name="Lighthouse")
    groupmate = MembershipFactory(course=classroom.course, role=Role.STUDENT, group=harbour).user
    Membership.objects.filter(user=classroom.student, course=classroom.course).update(group=harbour)
    Membership.objects.filter(user=classroom.classmate, course=classroom.course).update(
        group=lighthouse
    )
    # Loaded afresh: the course remembers the memberships it has looked up.
    assignment = Assignment.objects.get(pk=assignment.pk)
    paragraph = assignment.reading.current_paragraphs().first()
    make_comment(author=groupmate, assignment=assignment, paragraph=paragraph)
    make_comment(author=classroom.instructor, assignment=assignment, paragraph=paragraph)
    for _ in range(3):
        make_comment(author=classroom.classmate, assignment=assignment, paragraph=paragraph)

    page = client_for(classroom.student).get(assignment.get_absolute_url() + "?all=1")

    # The instructor's thread shows before posting; the groupmate's waits, and so does the
    # classmate's from before there were groups, which every group sees.
    assert "+ 2 waiting" in count_beside(page.text, paragraph)


def count_beside(text: str, paragraph) -> str:
    """What the count beside `paragraph` says, "+ N waiting" included."""
    return re.search(rf'id="count-{paragraph.pk}"[^>]*>(.*?)</span>', text)[1]


# (mode, whether the student posted before, whether posts wait for review, who replies):
# a reply that unlocks nothing more, answered with the comment and its paragraph's count.
REPLY_COUNTS = [
    (PROMPT, False, False, "student"),  # the prompt's answers wait: "+ 3 waiting"
    (PROMPT, False, True, "student"),  # ... and the reply itself waits for review
    (PARAGRAPH, True, False, "student"),
    (PARAGRAPH, True, True, "student"),
    (ASSIGNMENT, True, True, "student"),
    (ASSIGNMENT, False, False, "instructor"),
]


@pytest.mark.parametrize(
    ("mode", "posted", "premoderate", "replier"),
    REPLY_COUNTS,
    ids=[
        f"{m}-{'posted' if p else 'new'}-{'reviewed' if r else 'open'}-{w}"
        for m, p, r, w in REPLY_COUNTS
    ],
)
def test_the_answer_to_a_reply_counts_as_the_page_does(
    mode, posted, premoderate, replier, classroom, client_for
):
    world = build_world(classroom, mode, anonymous=False, hide_counts=False)
    if posted:
        world.post()
    world.assignment.premoderate = premoderate
    world.assignment.save(update_fields=["premoderate"])
    client = client_for(getattr(classroom, replier))
    url = comment_url("comment_reply", world.staff_thread)
    response = client.post(url, {"body": "Replying to the notice on verbs."}, headers=HTMX)
    assert response.status_code == 201
    reply = Comment.objects.get(body="Replying to the notice on verbs.")
    assert reply.status == (Status.PENDING if premoderate else Status.VISIBLE)
    assert response["HX-Retarget"] == f"#replies-{world.staff_thread.pk}"
    page = client.get(reading_url(world, open=world.paragraph.pk))
    answered = count_beside(response.text, world.paragraph)
    assert answered == count_beside(page.text, world.paragraph)
    if mode == PROMPT:
        assert "waiting" in answered


# --- Hidden comments' own URLs are 404 before posting, and change nothing ---

HIDDEN_URLS = [
    ("comment", "get", HTMX),
    ("comment", "get", {}),
    ("comment_reply", "get", HTMX),
    ("comment_reply", "get", {}),
    ("comment_reply", "post", HTMX),
    ("comment_reply", "post", {}),
    ("comment_helpful", "post", HTMX),
    ("comment_helpful", "post", {}),
    ("comment_endorse", "post", HTMX),
    ("comment_edit", "get", {}),
    ("comment_edit", "post", HTMX),
    ("comment_withdraw", "get", {}),
    ("comment_withdraw", "post", HTMX),
    ("comment_flag", "get", HTMX),
    ("comment_flag", "get", {}),
    ("comment_flag", "post", HTMX),
    ("comment_approve", "post", HTMX),
    ("comment_hide", "get", {}),
    ("comment_hide", "post", HTMX),
    ("flags_dismiss", "post", HTMX),
    ("thread_lock", "post", HTMX),
    ("comment_pin", "post", HTMX),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("name", "method", "headers"),
    HIDDEN_URLS,
    ids=[f"{n}-{m}{'-htmx' if h else ''}" for n, m, h in HIDDEN_URLS],
)
def test_hidden_comment_urls_are_404_before_posting(
    name, method, headers, mode, classroom, client_for
):
    world = build_world(classroom, mode, anonymous=True)
    client = client_for(world.student)
    comments_before = Comment.objects.count()
    for comment in world.hidden:
        url = comment_url(name, comment)
        if method == "get":
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, {"body": "Sneaking a reply in."}, headers=headers)
        assert response.status_code == 404, (name, comment.body)
        assert_hides_classmates(response, world)
    assert Comment.objects.count() == comments_before
    assert not Reaction.objects.exists()
    assert not Comment.objects.filter(status=Status.WITHDRAWN).exists()
    assert not Comment.objects.filter(endorsed_by__isnull=False).exists()


@pytest.mark.parametrize("mode", MODES)
def test_hidden_comment_urls_open_after_posting(mode, classroom, client_for):
    world = build_world(classroom, mode, anonymous=True)
    world.post()
    client = client_for(world.student)
    for comment in world.unlocked:
        response = client.get(comment_url("comment", comment), headers=HTMX)
        assert response.status_code == 200
        assert words(comment) in response.text
        assert world.label_of(comment) in response.text
    for comment in world.hidden_after:
        assert client.get(comment_url("comment", comment), headers=HTMX).status_code == 404


# --- Posting: the response to the post that unlocks the discussion shows it; others do not ---


@dataclass(frozen=True)
class Posting:
    name: str
    url: Callable  # world -> url
    htmx: bool
    unlocks: tuple  # modes in which this post unlocks paragraph 2's discussion


def thread_on_second(w):
    return reverse(
        "discussions:thread_create", args=[w.course.slug, w.assignment.pk, w.paragraph.pk]
    )


POSTINGS = [
    Posting("thread-htmx", thread_on_second, True, (ASSIGNMENT, PARAGRAPH)),
    Posting("thread-no-js", thread_on_second, False, (ASSIGNMENT, PARAGRAPH)),
    Posting(
        "answer-htmx",
        lambda w: reverse("discussions:prompt_answer", args=[w.prompt.pk]),
        True,
        (ASSIGNMENT, PARAGRAPH, PROMPT),
    ),
    Posting(
        "answer-no-js",
        lambda w: reverse("discussions:prompt_answer", args=[w.prompt.pk]),
        False,
        (ASSIGNMENT, PARAGRAPH, PROMPT),
    ),
    Posting(
        "reply-in-prompt-thread-htmx",
        lambda w: comment_url("comment_reply", w.staff_answer),
        True,
        (ASSIGNMENT, PARAGRAPH, PROMPT),
    ),
    Posting(
        "reply-outside-prompt-htmx",
        lambda w: comment_url("comment_reply", w.staff_thread),
        True,
        (ASSIGNMENT, PARAGRAPH),
    ),
    Posting(
        "reply-outside-prompt-no-js",
        lambda w: comment_url("comment_reply", w.staff_thread),
        False,
        (ASSIGNMENT, PARAGRAPH),
    ),
    Posting(
        "reading-prompt-answer-htmx",
        lambda w: reverse("discussions:prompt_answer", args=[w.reading_prompt.pk]),
        True,
        (ASSIGNMENT,),
    ),
]


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("posting", POSTINGS, ids=[p.name for p in POSTINGS])
def test_the_response_to_a_post(posting, mode, anonymous, classroom, client_for):
    world = build_world(classroom, mode, anonymous=anonymous)
    client = client_for(world.student)
    headers = HTMX if posting.htmx else {}
    body = "Posting my own words now."
    response = client.post(posting.url(world), {"body": body}, headers=headers, follow=True)
    mine = Comment.objects.get(author=world.student, body=body)
    assert response.status_code in (200, 201)
    if posting.htmx and "HX-Refresh" in response.headers:
        # An answer on the whole reading has no paragraph to redraw: the page reloads.
        assert response.content == b""
        response = client.get(reading_url(world, open=world.paragraph.pk))
    if mode in posting.unlocks:
        world.own = mine
        assert_shows(
            response, [words(c) for c in world.hidden if c.paragraph_id == world.paragraph.pk]
        )
        text = page_text(response)
        assert_counts(text, world, after=True)
        # Inline, the count beside the paragraph is redrawn along with the discussion.
        assert f'id="count-{world.paragraph.pk}"' in text
    else:
        if mode == PARAGRAPH:
            # An answer on the whole reading unlocks the whole reading's answers, no more.
            world.reveal([c for c in world.hidden if c.paragraph_id is None])
        assert body in response.text
        assert_hides_classmates(response, world)


@pytest.mark.parametrize("mode", MODES)
def test_a_later_post_updates_the_count_with_everything(mode, classroom, client_for):
    world = build_world(classroom, mode, anonymous=False)
    world.post()
    client = client_for(world.student)
    response = client.post(thread_on_second(world), {"body": "A second thought."}, headers=HTMX)
    assert response.status_code == 201
    assert response["HX-Retarget"] == f"#threads-{world.paragraph.pk}"
    counts = world.expected_counts(after=True)
    assert (
        f'id="count-{world.paragraph.pk}" hx-swap-oob="true">{counts[world.paragraph.pk]} comments'
        in response.text
    )


# --- A withdrawn comment is not a post ---


@pytest.mark.parametrize("mode", MODES)
def test_withdrawing_the_only_post_hides_classmates_again(mode, classroom, client_for):
    world = build_world(classroom, mode, anonymous=True)
    posted = world.post()
    client = client_for(world.student)
    page = client.get(reading_url(world, open=world.paragraph.pk))
    assert words(world.peer_answer) in page.text
    comment_withdraw(comment=posted, author=world.student)
    for url in (reading_url(world, open=world.paragraph.pk), reading_url(world, all=1)):
        assert_hides_classmates(client.get(url), world)
    assert_hides_classmates(client.get(fragment_url(world), headers=HTMX), world)
    hidden = client.get(comment_url("comment", world.peer_answer), headers=HTMX)
    assert hidden.status_code == 404


def test_withdrawn_post_through_the_page_does_not_count(classroom, client_for):
    world = build_world(classroom, ASSIGNMENT, anonymous=False)
    posted = world.post()
    client = client_for(world.student)
    response = client.post(comment_url("comment_withdraw", posted), headers=HTMX)
    assert response.status_code == 200
    page = client.get(reading_url(world, all=1))
    assert_hides_classmates(page, world)
    assert "Post a comment to see your classmates' replies." in page.text


# --- Corners: removed passages, staff replies inside classmates' threads ---


def test_comments_on_removed_passages_stay_hidden(classroom, client_for):
    world = build_world(classroom, ASSIGNMENT, anonymous=True)
    quentin = world.peer_answer.author
    last = classroom.paragraphs[-1]
    gone = comment_create(
        author=quentin, assignment=world.assignment, paragraph=last, body="Vermilion ferries."
    )
    world.hidden.append(gone)
    reading = world.assignment.reading
    reading_revise(
        reading=reading,
        paragraphs=[p.text for p in classroom.paragraphs[:-1]],
        editor=reading.owner,
    )
    client = client_for(world.student)
    page = client.get(reading_url(world))
    assert "Comments on removed passages" not in page.text
    # Paragraph ids changed with the new version, so counts are checked elsewhere.
    assert_hides_classmates(page, world, counts=False)
    world.post()
    page = client.get(reading_url(world))
    assert "Comments on removed passages" in page.text
    assert words(gone) in page.text


def _discussion_shown(client, world):
    return client.get(reading_url(world, open=world.paragraph.pk))


@pytest.mark.parametrize("mode", MODES)
def test_a_deep_staff_reply_does_not_name_the_hidden_classmate_it_answers(
    mode, classroom, client_for
):
    """Past the deepest level a reply names whom it answers: "replying to @Ysolde".
    A staff reply to a hidden classmate must not name them."""
    world = build_world(classroom, mode, anonymous=False)
    ysolde = world.peer_answer.author.__class__.objects.get(username="ysolde_fair")
    root = world.staff_answer if mode == PROMPT else world.staff_thread
    chain = root
    for author in (classroom.instructor, classroom.ta, ysolde):
        chain = comment_create(
            author=author, assignment=world.assignment, parent=chain, body=f"Step by {author}."
        )
    world.hidden.append(chain)
    deep = comment_create(
        author=classroom.ta, assignment=world.assignment, parent=chain, body="TA goes deep."
    )
    assert deep.reply_to == chain
    world.hidden.append(deep)  # it waits with the comment it answers
    client = client_for(world.student)
    page = _discussion_shown(client, world)
    assert_hides_classmates(page, world)
    assert "replying to @" not in page.text
    for url in (comment_url("comment", deep), comment_url("comment_reply", deep)):
        response = client.get(url, headers=HTMX)
        assert response.status_code == 404
        assert_hides_classmates(response, world)
    world.post()
    page = _discussion_shown(client, world)
    assert "replying to @Ysolde Fairweather" in page.text


@pytest.mark.parametrize("mode", MODES)
def test_the_count_matches_the_comments_shown_before_posting(mode, classroom, client_for):
    """A staff reply inside a classmate's hidden thread waits with that thread: counting it
    would say a classmate had written there."""
    world = build_world(classroom, mode, anonymous=False)
    staff_reply = comment_create(
        author=classroom.ta,
        assignment=world.assignment,
        parent=world.peer_answer,
        body="TA replies to a classmate.",
    )
    world.hidden.append(staff_reply)
    client = client_for(world.student)
    page = _discussion_shown(client, world)
    assert_hides_classmates(page, world)
    shown = len(
        re.findall(
            r'<li class="comment-item',
            page.text.split(f'id="discussion-{world.paragraph.pk}"')[1].split('class="paragraph')[
                0
            ],
        )
    )
    assert f'id="count-{world.paragraph.pk}">{shown} comment' in page.text
    assert client.get(comment_url("comment", staff_reply), headers=HTMX).status_code == 404
    world.post()
    page = _discussion_shown(client, world)
    assert words(staff_reply) in page.text
