"""Live updates: an open discussion polls for what changed; it sees exactly what the page would."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.rendering import render_markdown
from classroom.models import Assignment, Group, Membership, PostFirst, Role
from discussions.models import Comment, Pseudonym, Status
from discussions.moderation.decisions import comment_approve, comment_hide
from discussions.reading import live
from discussions.reading.phrases import Phrase
from discussions.reading.services import comment_create, comment_edit, comment_withdraw
from tests.factories import MembershipFactory, make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def updates_url(classroom, paragraph=None, **query) -> str:
    paragraph = paragraph or classroom.paragraphs[0]
    url = reverse(
        "discussions:discussion_updates",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def settle_everything() -> str:
    """Move every comment's last change well before now and return a cursor for now: the
    state of a page that has shown everything so far."""
    Comment.objects.update(changed_at=timezone.now() - timedelta(minutes=5))
    return live.cursor_for(timezone.now())


def poll(client, classroom, after, paragraph=None, **query):
    return client.get(updates_url(classroom, paragraph, after=after, **query), headers=HTMX)


def placed(response) -> dict[int, str]:
    """Comment id -> the list the page should put it in."""
    pairs = re.findall(
        r'data-place-in="([\w-]+)"><li class="comment-item[^"]*" id="c-(\d+)"', response.text
    )
    return {int(comment_id): where for where, comment_id in pairs}


def test_nothing_new_is_a_204_with_no_body(classroom, client_for):
    after = settle_everything()
    response = poll(client_for(classroom.student), classroom, after)
    assert response.status_code == 204
    assert response.content == b""


def test_a_new_thread_and_a_reply_come_with_where_they_go_and_the_count(classroom, client_for):
    after = settle_everything()
    paragraph = classroom.paragraphs[0]
    thread = make_comment(
        author=classroom.classmate, assignment=classroom.assignment, body="Brand new thread."
    )
    reply = make_comment(
        author=classroom.ta,
        assignment=classroom.assignment,
        parent=classroom.comment,
        body="A TA reply.",
    )
    response = poll(client_for(classroom.student), classroom, after)
    assert response.status_code == 200
    assert placed(response) == {
        thread.pk: f"threads-{paragraph.pk}",
        reply.pk: f"replies-{classroom.comment.pk}",
    }
    assert "Brand new thread." in response.text and "A TA reply." in response.text
    assert f'id="count-{paragraph.pk}">3 comments' in response.text
    cursor = re.search(r'data-live-cursor="(\d+)"', response.text)[1]
    assert abs(int(cursor) - timezone.now().timestamp()) < 5
    # Asking again from the cursor it gave finds nothing new once the overlap has passed.
    Comment.objects.update(changed_at=timezone.now() - timedelta(minutes=1))
    assert poll(client_for(classroom.student), classroom, cursor).status_code == 204


def test_another_paragraphs_comments_are_not_news_here(classroom, client_for):
    after = settle_everything()
    make_comment(
        author=classroom.classmate,
        assignment=classroom.assignment,
        paragraph=classroom.paragraphs[2],
    )
    assert poll(client_for(classroom.student), classroom, after).status_code == 204


def test_the_window_overlaps_the_last_answer_by_a_little(classroom, client_for):
    """A comment whose transaction was still committing when the last answer was made carries
    a time just before that answer's cursor: the next poll must still bring it."""
    after = live.cursor_for(timezone.now())
    moment = live.parse_cursor(after)
    client = client_for(classroom.student)
    Comment.objects.update(changed_at=moment - timedelta(seconds=1))
    assert poll(client, classroom, after).status_code == 200
    Comment.objects.update(changed_at=moment - timedelta(seconds=3))
    assert poll(client, classroom, after).status_code == 204


def test_an_edit_a_withdrawal_and_a_hide_come_through(classroom, client_for):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    after = settle_everything()
    comment_edit(
        comment=classroom.comment, editor=classroom.classmate, body="Second thoughts, edited."
    )
    client = client_for(classroom.student)
    response = poll(client, classroom, after)
    assert "Second thoughts, edited." in response.text
    assert placed(response) == {classroom.comment.pk: f"threads-{classroom.paragraphs[0].pk}"}

    after = settle_everything()
    comment_withdraw(comment=own, author=classroom.student)
    assert "The author withdrew this comment." in poll(client, classroom, after).text

    after = settle_everything()
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="Off-topic tangent.")
    response = poll(client, classroom, after)
    assert "Hidden by a moderator." in response.text
    assert "Second thoughts" not in response.text
    assert "Off-topic tangent." not in response.text  # only the author and staff see why
    assert "Off-topic tangent." in poll(client_for(classroom.classmate), classroom, after).text


def test_pending_comments_reach_only_their_author_and_staff_until_approved(classroom, client_for):
    classroom.assignment.premoderate = True
    classroom.assignment.save()
    after = settle_everything()
    held = make_comment(
        author=classroom.classmate, assignment=classroom.assignment, body="Held back for now."
    )
    assert held.status == Status.PENDING
    assert poll(client_for(classroom.student), classroom, after).status_code == 204
    for person in (classroom.classmate, classroom.ta, classroom.instructor, classroom.admin):
        response = poll(client_for(person), classroom, after)
        assert "Held back for now." in response.text, person
    comment_approve(comment=held, moderator=classroom.ta)
    response = poll(client_for(classroom.student), classroom, after)
    assert placed(response) == {held.pk: f"threads-{classroom.paragraphs[0].pk}"}
    assert "Held back for now." in response.text


def test_post_first_keeps_classmates_back_until_the_student_posts(classroom, client_for):
    classroom.assignment.post_first = PostFirst.READING
    classroom.assignment.hide_counts_before_posting = True
    classroom.assignment.save()
    after = settle_everything()
    make_comment(
        author=classroom.classmate, assignment=classroom.assignment, body="Classmate's fresh view."
    )
    client = client_for(classroom.student)
    assert poll(client, classroom, after).status_code == 204
    staff_note = make_comment(
        author=classroom.instructor, assignment=classroom.assignment, body="Staff note."
    )
    response = poll(client, classroom, after)
    assert placed(response) == {staff_note.pk: f"threads-{classroom.paragraphs[0].pk}"}
    assert "Classmate's fresh view." not in response.text
    assert classroom.classmate.display_name not in response.text
    assert f'id="count-{classroom.paragraphs[0].pk}">1 comment<' in response.text
    make_comment(
        author=classroom.student, assignment=classroom.assignment, paragraph=classroom.paragraphs[3]
    )
    response = poll(client, classroom, after)
    assert "Classmate's fresh view." in response.text


def test_other_groups_stay_out(classroom, client_for):
    classroom.assignment.group_discussions = True
    classroom.assignment.save()
    # A fresh copy: the fixture's course remembers memberships from before the groups.
    assignment = Assignment.objects.get(pk=classroom.assignment.pk)
    harbour = Group.objects.create(course=classroom.course, name="Harbour")
    estuary = Group.objects.create(course=classroom.course, name="Estuary")
    Membership.objects.filter(user=classroom.student).update(group=harbour)
    Membership.objects.filter(user=classroom.classmate).update(group=estuary)
    after = settle_everything()
    make_comment(author=classroom.classmate, assignment=assignment, body="Estuary only.")
    assert poll(client_for(classroom.student), classroom, after).status_code == 204
    teammate = MembershipFactory(course=classroom.course, role=Role.STUDENT, group=harbour).user
    make_comment(author=teammate, assignment=assignment, body="Harbour talk.")
    response = poll(client_for(classroom.student), classroom, after)
    assert "Harbour talk." in response.text and "Estuary only." not in response.text
    staff_view = poll(client_for(classroom.ta), classroom, after, group=estuary.pk)
    assert "Estuary only." in staff_view.text and "Harbour talk." not in staff_view.text


def test_anonymous_assignments_name_classmates_by_pseudonym(classroom, client_for):
    classroom.assignment.anonymous = True
    classroom.assignment.save()
    after = settle_everything()
    make_comment(author=classroom.classmate, assignment=classroom.assignment, body="Under a mask.")
    response = poll(client_for(classroom.student), classroom, after)
    pseudonym = Pseudonym.objects.get(
        assignment=classroom.assignment, user=classroom.classmate
    ).name
    assert pseudonym in response.text
    assert classroom.classmate.display_name not in response.text
    assert classroom.classmate.username not in response.text


def test_a_comment_on_earlier_wording_still_finds_its_paragraph(classroom, client_for):
    from articles.services import reading_revise

    texts = [p.text for p in classroom.paragraphs]
    reading_revise(
        reading=classroom.assignment.reading,
        paragraphs=["Paragraph 0 texts.", *texts[1:]],
        editor=classroom.assignment.reading.owner,
    )
    classroom.assignment.reading.refresh_from_db()
    current = classroom.assignment.reading.current_paragraphs().first()
    after = settle_everything()
    comment_edit(
        comment=classroom.comment, editor=classroom.classmate, body="Edited after the rewording."
    )
    response = poll(client_for(classroom.student), classroom, after, paragraph=current)
    assert placed(response) == {classroom.comment.pk: f"threads-{current.pk}"}
    assert "Text changed since this comment" in response.text


def test_bad_or_missing_cursors_are_a_400(classroom, client_for):
    client = client_for(classroom.student)
    for after in ("", "abc", "-5", "1.5", "9" * 40, "١٢"):
        response = client.get(updates_url(classroom, after=after), headers=HTMX)
        assert response.status_code == 400, after
    assert client.get(updates_url(classroom), headers=HTMX).status_code == 400


def test_without_htmx_the_address_opens_the_discussion(classroom, client_for):
    response = client_for(classroom.student).get(updates_url(classroom, after="1"))
    paragraph = classroom.paragraphs[0]
    assert response.status_code == 302
    assert response["Location"].endswith(f"?open={paragraph.pk}#p-{paragraph.pk}")


def test_an_open_discussion_carries_a_poller_and_show_all_does_not(classroom, client_for):
    client = client_for(classroom.student)
    paragraph = classroom.paragraphs[0]
    url = classroom.assignment.get_absolute_url()
    poller = f'hx-get="{updates_url(classroom)}" hx-trigger="colloquy:poll"'
    page = client.get(f"{url}?open={paragraph.pk}")
    assert poller in page.text
    assert 'data-seconds="10"' in page.text
    after = int(re.search(r'data-live-updates data-after="(\d+)"', page.text)[1])
    assert abs(after - timezone.now().timestamp()) < 5
    fragment = client.get(
        reverse(
            "discussions:paragraph_discussion",
            args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
        ),
        headers=HTMX,
    )
    assert poller in fragment.text
    assert "data-live-updates" not in client.get(f"{url}?all=1").text
    assert "data-live-updates" not in client.get(url).text


def test_staff_pollers_keep_their_group_filter(classroom, client_for):
    classroom.assignment.group_discussions = True
    classroom.assignment.save()
    group = Group.objects.create(course=classroom.course, name="Harbour")
    paragraph = classroom.paragraphs[0]
    page = client_for(classroom.ta).get(
        f"{classroom.assignment.get_absolute_url()}?open={paragraph.pk}&group={group.pk}"
    )
    assert f'hx-get="{updates_url(classroom)}?group={group.pk}"' in page.text


def test_the_poll_interval_is_a_setting(classroom, client_for, settings):
    settings.LIVE_UPDATES_SECONDS = 2
    paragraph = classroom.paragraphs[0]
    page = client_for(classroom.student).get(
        f"{classroom.assignment.get_absolute_url()}?open={paragraph.pk}"
    )
    assert 'data-seconds="2"' in page.text


def test_writes_that_save_a_few_fields_still_count_as_changes(classroom):
    Comment.objects.update(changed_at=timezone.now() - timedelta(hours=1))
    before = timezone.now()
    comment = Comment.objects.get(pk=classroom.comment.pk)
    comment.pinned = True
    comment.save(update_fields=["pinned"])
    comment.refresh_from_db()
    assert comment.changed_at >= before


# --- Marks: a new thread on a phrase brings the paragraph's words with their marks ---


def live_text(response, paragraph) -> str:
    """The paragraph's words the answer brings for the page to show, or "" if none."""
    found = re.search(
        rf'<div hidden data-live-text><div class="paragraph-text" id="text-{paragraph.pk}"'
        r"[^>]*>(.*?)</div></div>",
        response.text,
        re.S,
    )
    return found[1] if found else ""


def marks(html: str) -> list[tuple[str, str]]:
    """(how many threads, the words) for each mark."""
    return re.findall(r'<mark class="phrase" data-threads="(\d+)">([^<]*)</mark>', html)


def phrase_thread(classroom, author, words: str, paragraph=None):
    paragraph = paragraph or classroom.paragraphs[0]
    return comment_create(
        author=author,
        assignment=classroom.assignment,
        paragraph=paragraph,
        body=f"On “{words}”.",
        phrase=Phrase(exact=words),
    )


@pytest.fixture
def worded(classroom):
    """The first paragraph with words enough to quote, before anyone has polled."""
    paragraph = classroom.paragraphs[0]
    paragraph.text = "The margin is shared by thirty people at once."
    paragraph.html = render_markdown(paragraph.text)
    paragraph.save()
    return paragraph


def test_a_new_thread_on_a_phrase_brings_its_mark(classroom, client_for, worded):
    client = client_for(classroom.student)
    after = settle_everything()
    phrase_thread(classroom, classroom.classmate, "margin is shared")
    response = poll(client, classroom, after)
    assert marks(live_text(response, worded)) == [("1", "margin is shared")]
    # A thread overlapping it joins the same mark, which now counts two.
    after = settle_everything()
    phrase_thread(classroom, classroom.ta, "shared by thirty")
    response = poll(client, classroom, after)
    assert marks(live_text(response, worded)) == [("2", "margin is shared by thirty")]


def test_comments_not_on_a_phrase_leave_the_words_alone(classroom, client_for, worded):
    client = client_for(classroom.student)
    phrase_thread(classroom, classroom.classmate, "margin is shared")
    after = settle_everything()
    make_comment(author=classroom.classmate, assignment=classroom.assignment, body="Plainly.")
    make_comment(
        author=classroom.ta, assignment=classroom.assignment, parent=classroom.comment, body="Yes."
    )
    response = poll(client, classroom, after)
    assert len(placed(response)) == 2
    assert "data-live-text" not in response.text


def test_a_hidden_thread_takes_its_mark_away(classroom, client_for, worded):
    client = client_for(classroom.student)
    thread = phrase_thread(classroom, classroom.classmate, "margin is shared")
    phrase_thread(classroom, classroom.ta, "thirty people")
    after = settle_everything()
    comment_hide(comment=thread, moderator=classroom.instructor, reason="Off-topic.")
    response = poll(client, classroom, after)
    assert marks(live_text(response, worded)) == [("1", "thirty people")]


def test_before_posting_no_classmates_mark_arrives_not_even_in_a_count(
    classroom, client_for, worded
):
    classroom.assignment.post_first = PostFirst.READING
    classroom.assignment.save()
    client = client_for(classroom.student)
    after = settle_everything()
    phrase_thread(classroom, classroom.classmate, "margin is shared")
    assert poll(client, classroom, after).status_code == 204
    # Staff words on the same phrase do show, marked as one thread: the classmate's stays out.
    phrase_thread(classroom, classroom.instructor, "is shared by")
    response = poll(client, classroom, after)
    assert marks(live_text(response, worded)) == [("1", "is shared by")]
    assert "Classmate" not in response.text and "margin is shared”" not in response.text
