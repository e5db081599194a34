"""Comments waiting for review are invisible to classmates on every endpoint, and visible to their
author (marked as waiting) and to staff; a hidden comment becomes a "Hidden by a moderator"
tombstone that keeps its replies, with its text and reason shown only to its author and staff."""

import io
import re
import zipfile

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from articles.services import reading_revise
from discussions.models import Comment, Kind, Status
from discussions.moderation.decisions import comment_approve, comment_hide
from discussions.notifications.digests import send_digests
from discussions.reading.services import prompt_create
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
WAITING = "Waiting for review"
TOMBSTONE = "Hidden by a moderator."
PENDING_TEXT = "Pending words nobody else may read"
HIDDEN_TEXT = "Hidden words nobody else may read"
REASON = "Names a classmate's home street."


def url(name: str, *args) -> str:
    return reverse(f"discussions:{name}", args=args)


def optional_url(name: str, *args) -> str | None:
    try:
        return url(name, *args)
    except NoReverseMatch:
        return None


def reading(classroom, **query) -> str:
    path = classroom.assignment.get_absolute_url()
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def pending(classroom, client_for):
    """The student's question, posted through the form while the assignment holds every
    student post for review."""
    classroom.assignment.premoderate = True
    classroom.assignment.save(update_fields=["premoderate"])
    paragraph = classroom.paragraphs[1]
    response = client_for(classroom.student).post(
        url("thread_create", classroom.course.slug, classroom.assignment.pk, paragraph.pk),
        {"body": f"{PENDING_TEXT}?", "kind": Kind.QUESTION},
    )
    assert response.status_code == 302
    comment = Comment.objects.get(body=f"{PENDING_TEXT}?")
    assert comment.status == Status.PENDING
    return comment


def every_view_of_the_discussion(classroom, comment) -> dict[str, tuple[str, dict]]:
    """Every GET that shows comments of this assignment, as a page and as a fragment."""
    slug, assignment = classroom.course.slug, classroom.assignment.pk
    paragraph = comment.paragraph_id
    return {
        "reading": (reading(classroom), {}),
        "reading-open": (reading(classroom, open=paragraph), {}),
        "reading-all": (reading(classroom, all=1), {}),
        "reading-questions": (reading(classroom, all=1, type=Kind.QUESTION), {}),
        "fragment": (url("paragraph_discussion", slug, assignment, paragraph), HTMX),
        "thread-of-the-first-comment": (url("comment", classroom.comment.pk), HTMX),
        "reply-page-of-the-first-comment": (url("comment_reply", classroom.comment.pk), {}),
        "course": (classroom.course.get_absolute_url(), {}),
        "home": (reverse("classroom:home"), {}),
    }


# --- Pending: invisible to classmates everywhere ---


def test_a_pending_comment_is_in_no_page_or_fragment_a_classmate_can_open(
    pending, classroom, client_for
):
    client = client_for(classroom.classmate)
    for name, (path, headers) in every_view_of_the_discussion(classroom, pending).items():
        response = client.get(path, headers=headers)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert PENDING_TEXT not in page, name
        assert WAITING not in page, name
        # Its anchor as a whole word: a random token on the page may hold "c-<digits>".
        assert not re.search(rf"\bc-{pending.pk}\b", page), name
        assert url("comment", pending.pk) not in page, name


@pytest.mark.parametrize(
    ("method", "name", "headers"),
    [
        ("get", "comment", {}),
        ("get", "comment", HTMX),
        ("get", "comment_reply", {}),
        ("get", "comment_reply", HTMX),
        ("post", "comment_reply", {}),
        ("post", "comment_reply", HTMX),
        ("get", "comment_edit", {}),
        ("post", "comment_edit", {}),
        ("get", "comment_withdraw", {}),
        ("post", "comment_withdraw", HTMX),
        ("post", "comment_helpful", {}),
        ("post", "comment_helpful", HTMX),
        ("get", "comment_flag", {}),
        ("post", "comment_flag", HTMX),
        ("get", "comment_history", {}),
    ],
)
def test_every_address_of_a_pending_comment_is_404_to_a_classmate(
    method, name, headers, pending, classroom, client_for
):
    address = optional_url(name, pending.pk)
    if address is None:
        pytest.skip(f"{name} is not a page yet")
    before = sorted(Comment.objects.values_list("pk", "status", "body"))
    data = {"body": "Answering the unseen.", "reason": "spam"} if method == "post" else None
    response = getattr(client_for(classroom.classmate), method)(address, data, headers=headers)
    assert response.status_code == 404
    assert PENDING_TEXT not in response.content.decode()
    assert sorted(Comment.objects.values_list("pk", "status", "body")) == before


def test_counts_leave_pending_comments_out(pending, classroom, client_for):
    paragraph = classroom.paragraphs[1]
    count = f'id="count-{paragraph.pk}"'
    page = client_for(classroom.classmate).get(reading(classroom)).content.decode()
    assert f"{count}>0 comments<" in page

    # The count swapped in after a classmate posts says 1, their own, not 2.
    classroom.assignment.premoderate = False
    classroom.assignment.save(update_fields=["premoderate"])
    response = client_for(classroom.classmate).post(
        url("thread_create", classroom.course.slug, classroom.assignment.pk, paragraph.pk),
        {"body": "My own visible thought."},
        headers=HTMX,
    )
    assert response.status_code == 201
    assert "1 comment<" in response.content.decode()
    comment_approve(comment=pending, moderator=classroom.ta)
    page = client_for(classroom.classmate).get(reading(classroom)).content.decode()
    assert f"{count}>2 comments<" in page


def test_pending_answers_to_a_prompt_stay_out_of_its_thread(classroom, client_for):
    classroom.assignment.premoderate = True
    classroom.assignment.save(update_fields=["premoderate"])
    prompt = prompt_create(
        assignment=classroom.assignment, author=classroom.instructor, body="Which claim?"
    )
    response = client_for(classroom.student).post(
        url("prompt_answer", prompt.pk), {"body": PENDING_TEXT}, headers=HTMX
    )
    assert response.status_code == 201
    assert WAITING in response.content.decode()
    for view in (reading(classroom), reading(classroom, all=1)):
        page = client_for(classroom.classmate).get(view).content.decode()
        assert "Which claim?" in page
        assert PENDING_TEXT not in page


def test_pending_comments_on_a_removed_passage_stay_hidden_too(pending, classroom, client_for):
    texts = [p.text for p in classroom.paragraphs]
    del texts[1]
    revised = classroom.assignment.reading
    reading_revise(reading=revised, paragraphs=texts, editor=revised.owner)
    make_comment(
        author=classroom.classmate,
        assignment=classroom.assignment,
        paragraph=classroom.paragraphs[0],
        body="Still here.",
    )
    page = client_for(classroom.classmate).get(reading(classroom, all=1)).content.decode()
    assert "Still here." in page
    assert PENDING_TEXT not in page
    staff = client_for(classroom.ta).get(reading(classroom, all=1)).content.decode()
    assert "Comments on removed passages" in staff and PENDING_TEXT in staff


# --- Pending: seen by its author, marked, and by staff ---


def test_the_author_sees_a_pending_comment_marked_as_waiting(pending, classroom, client_for):
    client = client_for(classroom.student)
    for name, (path, headers) in every_view_of_the_discussion(classroom, pending).items():
        if name.startswith(("reading-open", "reading-all", "reading-questions", "fragment")):
            page = client.get(path, headers=headers).content.decode()
            assert PENDING_TEXT in page and WAITING in page, name
    fragment = client.get(url("comment", pending.pk), headers=HTMX)
    assert fragment.status_code == 200
    assert PENDING_TEXT in fragment.content.decode() and WAITING in fragment.content.decode()
    assert client.get(url("comment_edit", pending.pk)).status_code == 200


@pytest.mark.parametrize("role", ["ta", "instructor"])
def test_staff_see_pending_comments_on_the_page_and_in_the_queue(
    role, pending, classroom, client_for
):
    client = client_for(classroom.user(role))
    page = client.get(reading(classroom, all=1)).content.decode()
    assert PENDING_TEXT in page and WAITING in page
    fragment = client.get(url("comment", pending.pk), headers=HTMX)
    assert fragment.status_code == 200 and PENDING_TEXT in fragment.content.decode()
    queue = client.get(url("moderation_queue", classroom.course.slug)).content.decode()
    assert PENDING_TEXT in queue


def test_a_pending_comment_takes_no_replies_even_from_its_author(pending, classroom, client_for):
    response = client_for(classroom.student).post(
        url("comment_reply", pending.pk), {"body": "Me again."}
    )
    assert response.status_code == 422
    assert "waiting for review" in response.content.decode()
    assert not Comment.objects.filter(parent=pending).exists()


# --- Hidden: a tombstone that keeps its replies ---


@pytest.fixture
def hidden(classroom):
    """The classmate's comment with a reply under it and a reply under that, then hidden."""
    comment = make_comment(
        author=classroom.classmate,
        assignment=classroom.assignment,
        paragraph=classroom.paragraphs[2],
        body=f"{HIDDEN_TEXT}, *emphatically*.",
    )
    reply = make_comment(
        author=classroom.student, assignment=classroom.assignment, parent=comment, body="A reply."
    )
    make_comment(
        author=classroom.ta, assignment=classroom.assignment, parent=reply, body="Staff answer."
    )
    comment_hide(comment=comment, moderator=classroom.ta, reason=REASON)
    comment.refresh_from_db()
    return comment


def test_classmates_see_a_tombstone_with_the_replies_under_it(hidden, classroom, client_for):
    client = client_for(classroom.student)
    reply = Comment.objects.get(parent=hidden)
    views = every_view_of_the_discussion(classroom, hidden)
    views["thread"] = (url("comment", hidden.pk), HTMX)
    for name, (path, headers) in views.items():
        response = client.get(path, headers=headers)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert HIDDEN_TEXT not in page, name
        assert REASON not in page, name
        if name in ("reading-open", "reading-all", "fragment"):
            assert TOMBSTONE in page, name
            assert page.index(f'id="c-{hidden.pk}"') < page.index(f'id="c-{reply.pk}"'), name
            assert "A reply." in page and "Staff answer." in page, name
            # The reply sits inside the hidden comment's list of replies.
            assert f'<ol class="replies" id="replies-{hidden.pk}"><li class="comment-item' in page
        if name == "thread":
            assert TOMBSTONE in page
    page = client.get(reading(classroom, all=1)).content.decode()
    start = page.index(f'id="c-{hidden.pk}-body"')
    tombstone = page[start : page.index("</article>", start)]
    assert "Hidden comment" in tombstone
    assert classroom.classmate.public_name not in tombstone


@pytest.mark.parametrize(
    ("method", "name", "headers"),
    [
        ("get", "comment_reply", {}),
        ("get", "comment_reply", HTMX),
        ("post", "comment_reply", {}),
        ("post", "comment_helpful", HTMX),
        ("get", "comment_flag", {}),
        ("post", "comment_flag", HTMX),
        ("get", "comment_edit", {}),
        ("get", "comment_withdraw", {}),
        ("get", "comment_history", {}),
    ],
)
def test_no_address_of_a_hidden_comment_shows_its_text_to_a_classmate(
    method, name, headers, hidden, classroom, client_for
):
    address = optional_url(name, hidden.pk)
    if address is None:
        pytest.skip(f"{name} is not a page yet")
    before = sorted(Comment.objects.values_list("pk", "status", "body"))
    data = {"body": "Replying to the hidden.", "reason": "spam"} if method == "post" else None
    response = getattr(client_for(classroom.student), method)(address, data, headers=headers)
    assert response.status_code != 500
    page = response.content.decode()
    assert HIDDEN_TEXT not in page and REASON not in page
    assert sorted(Comment.objects.values_list("pk", "status", "body")) == before


def test_the_hidden_comment_is_not_counted_but_its_replies_are(hidden, classroom, client_for):
    paragraph = classroom.paragraphs[2]
    page = client_for(classroom.student).get(reading(classroom)).content.decode()
    assert f'id="count-{paragraph.pk}">2 comments<' in page


def test_the_author_sees_the_text_and_the_reason(hidden, classroom, client_for):
    client = client_for(classroom.classmate)
    for path, headers in (
        (reading(classroom, all=1), {}),
        (reading(classroom, open=hidden.paragraph_id), {}),
        (url("comment", hidden.pk), HTMX),
    ):
        page = client.get(path, headers=headers).content.decode()
        assert TOMBSTONE in page
        assert HIDDEN_TEXT in page and "<em>emphatically</em>" in page
        assert REASON.replace("'", "&#x27;") in page
    notices = client.get(url("notices")).content.decode()
    assert REASON.replace("'", "&#x27;") in notices


def test_staff_see_the_text_and_the_reason(hidden, classroom, client_for):
    page = client_for(classroom.instructor).get(reading(classroom, all=1)).content.decode()
    assert TOMBSTONE in page and HIDDEN_TEXT in page
    assert REASON.replace("'", "&#x27;") in page


def test_the_checks_above_would_see_the_text_if_it_were_shown(hidden, classroom, client_for):
    """The control: once restored, the same pages do show it to classmates."""
    comment_approve(comment=hidden, moderator=classroom.ta)
    client = client_for(classroom.student)
    for path, headers in (
        (reading(classroom, all=1), {}),
        (url("paragraph_discussion", classroom.course.slug, classroom.assignment.pk,
             hidden.paragraph_id), HTMX),
        (url("comment", hidden.pk), HTMX),
    ):  # fmt: skip
        page = client.get(path, headers=headers).content.decode()
        assert HIDDEN_TEXT in page and TOMBSTONE not in page


# --- An edit waiting for review: the approved wording stays what classmates read ---

EDIT_TEXT = "Edited words waiting for a moderator"


@pytest.fixture
def waiting_edit(classroom, client_for):
    """The classmate's approved comment, edited under review to mention the student."""
    comment = make_comment(
        author=classroom.classmate,
        assignment=classroom.assignment,
        paragraph=classroom.paragraphs[1],
        body="Approved wording.",
    )
    classroom.course.premoderation = "students"
    classroom.course.save(update_fields=["premoderation"])
    response = client_for(classroom.classmate).post(
        url("comment_edit", comment.pk),
        {"body": f"{EDIT_TEXT}, @{classroom.student.username}.", "kind": Kind.QUESTION},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE and comment.body == "Approved wording."
    return comment


def test_a_waiting_edit_is_in_nothing_a_classmate_can_open(waiting_edit, classroom, client_for):
    client = client_for(classroom.student)
    slug, assignment = classroom.course.slug, classroom.assignment.pk
    views = every_view_of_the_discussion(classroom, waiting_edit)
    views["comment"] = (url("comment", waiting_edit.pk), HTMX)
    views["live-updates"] = (
        url("discussion_updates", slug, assignment, waiting_edit.paragraph_id) + "?after=1",
        HTMX,
    )
    views["notices"] = (url("notices"), {})
    views["own-participation"] = (
        url("participation_student", slug, assignment, classroom.student.pk),
        {},
    )
    for name, (path, headers) in views.items():
        response = client.get(path, headers=headers)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert EDIT_TEXT not in page, name
        assert "Edit waiting for review" not in page, name
    for name in ("reading-open", "fragment", "comment"):
        path, headers = views[name]
        assert "Approved wording." in client.get(path, headers=headers).content.decode(), name
    # The mention is heard by nobody until a moderator approves the edit: no notice, no e-mail.
    assert not classroom.student.notices.exists()
    send_digests()
    assert all(EDIT_TEXT not in message.body for message in mail.outbox)
    # Spreadsheets count the approved wording (two words), not the edit.
    staff = client_for(classroom.instructor)
    grades = staff.get(url("participation_csv", slug, assignment)).content.decode()
    audit = staff.get(url("audit_csv", slug)).content.decode()
    assert EDIT_TEXT not in grades and EDIT_TEXT not in audit
    row = next(line for line in grades.splitlines() if classroom.classmate.username in line)
    assert ",2," in row  # words: "Approved wording."


def test_the_author_and_staff_see_the_waiting_edit(waiting_edit, classroom, client_for):
    author = client_for(classroom.classmate)
    page = author.get(reading(classroom, all=1)).content.decode()
    assert EDIT_TEXT in page and "Approved wording." in page
    assert "Your edit waits for review; classmates see the earlier text." in page
    staff = client_for(classroom.ta).get(reading(classroom, all=1)).content.decode()
    assert "Edit waiting for review" in staff and EDIT_TEXT in staff
    assert "Approve edit" in staff


# --- One's own data download: only one's own words ---


def downloaded_data(client) -> str:
    response = client.get(reverse("discussions:my_data"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return "".join(archive.read(name).decode() for name in archive.namelist())


def test_a_classmates_download_holds_no_pending_comment(pending, classroom, client_for):
    assert PENDING_TEXT not in downloaded_data(client_for(classroom.classmate))
    assert PENDING_TEXT in downloaded_data(client_for(classroom.student))


def test_a_download_holds_no_hidden_text_or_reason_of_a_comment_replied_to(
    hidden, classroom, client_for
):
    text = downloaded_data(client_for(classroom.student))
    assert "A reply." in text
    assert HIDDEN_TEXT not in text and REASON not in text
    own = downloaded_data(client_for(classroom.classmate))
    assert HIDDEN_TEXT in own and REASON in own
