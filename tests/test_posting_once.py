"""A form posted twice with its posting key (a double click, a proxy's retry) writes once and
answers the repeat as it answered the first post, with HTMX and without; a post without a key
still works, and the balancer's retry of it is caught by the request's id. The same posts
made at once, against a real server: tests/test_concurrent_posting.py.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from discussions.models import (
    Comment,
    CommentRevision,
    Flag,
    ModerationAction,
    Note,
    PostingKey,
    Prompt,
)
from discussions.notes.services import note_create
from discussions.reading.services import prompt_create
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# What differs between two renderings of the same answer: the CSRF token's mask, each new
# form's key and the second the live poller starts from.
PER_RENDERING = re.compile(
    r'(name="csrfmiddlewaretoken" value=|name="posting_key" value=|data-after=)"[^"]+"'
)


@dataclass
class Scene:
    """The classroom with something of each kind to answer, edit and flag."""

    classroom: object
    prompt: Prompt
    own_comment: Comment
    note: Note

    @property
    def paragraph(self):
        return self.classroom.paragraphs[1]

    def reading(self) -> str:
        return f"{self.classroom.assignment.get_absolute_url()}?open={self.paragraph.pk}"


@pytest.fixture
def scene(classroom) -> Scene:
    paragraph = classroom.paragraphs[1]
    return Scene(
        classroom=classroom,
        prompt=prompt_create(
            assignment=classroom.assignment,
            author=classroom.instructor,
            body="What is the claim here?",
            paragraph=paragraph,
        ),
        own_comment=make_comment(
            author=classroom.student, assignment=classroom.assignment, body="My first take."
        ),
        note=note_create(
            author=classroom.student,
            assignment=classroom.assignment,
            paragraph=paragraph,
            body="Look this up.",
        ),
    )


@dataclass
class Form:
    """A form that writes: who posts it, the page it is on, where it goes, what it says and
    how many rows its post leaves (which must stay one however often it is repeated)."""

    poster: str
    page: Callable[[Scene], str]
    action: Callable[[Scene], str]
    data: Callable[[Scene], dict]
    written: Callable[[Scene], int]


def _slug_and_ids(scene: Scene, *ids) -> list:
    return [scene.classroom.course.slug, scene.classroom.assignment.pk, *ids]


FORMS = {
    "thread": Form(
        "student",
        page=Scene.reading,
        action=lambda s: reverse(
            "discussions:thread_create", args=_slug_and_ids(s, s.paragraph.pk)
        ),
        data=lambda s: {"body": "A new thread.", "kind": "", "quote": ""},
        written=lambda s: Comment.objects.filter(body="A new thread.").count(),
    ),
    "answer": Form(
        "student",
        page=Scene.reading,
        action=lambda s: reverse("discussions:prompt_answer", args=[s.prompt.pk]),
        data=lambda s: {"body": "My answer.", "kind": "claim"},
        written=lambda s: Comment.objects.filter(body="My answer.").count(),
    ),
    "reply": Form(
        "student",
        page=lambda s: reverse("discussions:comment_reply", args=[s.classroom.comment.pk]),
        action=lambda s: reverse("discussions:comment_reply", args=[s.classroom.comment.pk]),
        data=lambda s: {"body": "A reply.", "kind": ""},
        written=lambda s: Comment.objects.filter(body="A reply.").count(),
    ),
    "edit": Form(
        "student",
        page=lambda s: reverse("discussions:comment_edit", args=[s.own_comment.pk]),
        action=lambda s: reverse("discussions:comment_edit", args=[s.own_comment.pk]),
        data=lambda s: {"body": "Second thoughts.", "kind": ""},
        written=lambda s: CommentRevision.objects.filter(comment=s.own_comment).count(),
    ),
    "flag": Form(
        "student",
        page=lambda s: reverse("discussions:comment_flag", args=[s.classroom.comment.pk]),
        action=lambda s: reverse("discussions:comment_flag", args=[s.classroom.comment.pk]),
        data=lambda s: {"reason": "spam", "note": ""},
        written=lambda s: Flag.objects.filter(comment=s.classroom.comment).count(),
    ),
    "note": Form(
        "student",
        page=Scene.reading,
        action=lambda s: reverse("discussions:note_new", args=_slug_and_ids(s, s.paragraph.pk)),
        data=lambda s: {"body": "Ask in class.", "quote": ""},
        written=lambda s: Note.objects.filter(body="Ask in class.").count(),
    ),
    "note-edit": Form(
        "student",
        page=lambda s: reverse("discussions:note_edit", args=[s.note.pk]),
        action=lambda s: reverse("discussions:note_edit", args=[s.note.pk]),
        data=lambda s: {"body": "Looked it up.", "quote": ""},
        written=lambda s: Note.objects.filter(body="Looked it up.").count(),
    ),
    "prompt": Form(
        "instructor",
        page=lambda s: reverse("discussions:prompt_new", args=_slug_and_ids(s)),
        action=lambda s: reverse("discussions:prompt_new", args=_slug_and_ids(s)),
        data=lambda s: {"body": "Who is speaking?", "paragraph": s.paragraph.pk},
        written=lambda s: Prompt.objects.filter(body="Who is speaking?").count(),
    ),
    "prompt-edit": Form(
        "instructor",
        page=lambda s: reverse("discussions:prompt_edit", args=[s.prompt.pk]),
        action=lambda s: reverse("discussions:prompt_edit", args=[s.prompt.pk]),
        data=lambda s: {"body": "What is the claim, and who makes it?"},
        written=lambda s: ModerationAction.objects.filter(
            kind=ModerationAction.Kind.PROMPT_CHANGE
        ).count(),
    ),
}


def form_key(page: str, action: str) -> str:
    """The posting key of the form on `page` that posts to `action`."""
    form = re.search(rf'<form [^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert form, f"no form posting to {action}"
    key = re.search(r'name="posting_key" value="([^"]+)"', form.group(1))
    assert key, f"the form posting to {action} has no posting key"
    return key.group(1)


def answer(response) -> tuple:
    """What a person's browser does with a response: its status, where it goes, what it swaps
    in and what it announces."""
    content = PER_RENDERING.sub(r'\1""', response.content.decode())
    headers = {
        name: response.headers.get(name)
        for name in ("Location", "HX-Retarget", "HX-Trigger-After-Settle")
    }
    return response.status_code, headers, content


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("kind", FORMS)
def test_a_repeated_post_writes_once_and_answers_as_the_first(scene, client_for, kind, htmx):
    form = FORMS[kind]
    client = client_for(scene.classroom.user(form.poster))
    written_before = form.written(scene)
    page = client.get(form.page(scene)).content.decode()
    data = form.data(scene) | {"posting_key": form_key(page, form.action(scene))}
    headers = HTMX if htmx else {}

    first = client.post(form.action(scene), data, **headers)
    repeat = client.post(form.action(scene), data, **headers)

    assert first.status_code in (200, 201, 302)
    assert form.written(scene) == written_before + 1
    assert answer(repeat) == answer(first)


def test_without_a_key_a_post_is_written_each_time(scene, client_for):
    """A page from before posting keys still posts; repeats are then not caught."""
    client = client_for(scene.classroom.student)
    form = FORMS["thread"]
    for _ in range(2):
        assert client.post(form.action(scene), form.data(scene)).status_code == 302
    assert form.written(scene) == 2


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_balancers_retry_of_a_post_without_a_key_writes_once(scene, client_for, htmx):
    """nginx sends a POST it passes on to the next server with the id it gave the request
    (tools/cluster.py), so a page from before keys is caught there too."""
    client = client_for(scene.classroom.student)
    form = FORMS["thread"]
    headers = {"HTTP_X_REQUEST_ID": uuid.uuid4().hex} | (HTMX if htmx else {})

    first = client.post(form.action(scene), form.data(scene), **headers)
    repeat = client.post(form.action(scene), form.data(scene), **headers)

    assert form.written(scene) == 1
    assert answer(repeat) == answer(first)


@pytest.mark.parametrize("key", ["", "not-a-key", "x" * 5000, "1234"])
def test_a_key_that_is_not_one_posts_without_the_check(scene, client_for, key):
    client = client_for(scene.classroom.student)
    form = FORMS["reply"]
    response = client.post(form.action(scene), form.data(scene) | {"posting_key": key})
    assert response.status_code == 302
    assert form.written(scene) == 1


def test_a_key_is_one_persons(scene, client_for):
    """Another person's post under the same key is theirs, not a repeat."""
    key = str(uuid.uuid4())
    form = FORMS["reply"]
    for person in (scene.classroom.student, scene.classroom.classmate):
        client = client_for(person)
        client.post(form.action(scene), form.data(scene) | {"posting_key": key})
    replies = Comment.objects.filter(body="A reply.")
    assert sorted(replies.values_list("author", flat=True)) == sorted(
        [scene.classroom.student.pk, scene.classroom.classmate.pk]
    )


def test_other_words_under_a_used_key_are_a_new_post(scene, client_for):
    """A form brought back from the browser's history and written in again is not lost."""
    client = client_for(scene.classroom.student)
    form = FORMS["thread"]
    data = form.data(scene) | {"posting_key": str(uuid.uuid4())}
    client.post(form.action(scene), data)
    client.post(form.action(scene), data | {"body": "Something else entirely."})
    assert form.written(scene) == 1
    assert Comment.objects.filter(body="Something else entirely.").count() == 1


def test_a_refused_post_leaves_its_key_unused(scene, client_for):
    """The form comes back with its errors; posted again, fixed, it is written."""
    client = client_for(scene.classroom.student)
    form = FORMS["thread"]
    data = form.data(scene) | {"posting_key": str(uuid.uuid4())}
    assert client.post(form.action(scene), data | {"body": "   "}).status_code == 422
    assert client.post(form.action(scene), data).status_code == 302
    assert form.written(scene) == 1


def test_the_daily_command_forgets_week_old_keys(scene, client_for):
    client = client_for(scene.classroom.student)
    form = FORMS["reply"]
    for _ in range(2):
        client.post(form.action(scene), form.data(scene) | {"posting_key": str(uuid.uuid4())})
    old, recent = PostingKey.objects.order_by("pk")
    PostingKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))

    call_command("send_daily_digests", "--now")

    assert list(PostingKey.objects.all()) == [recent]
