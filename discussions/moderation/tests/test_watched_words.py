"""What happens when someone posts: watched words, the per-minute limit, slow mode,
suspensions and review before posting; and the pages where staff keep the watched words."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classroom.access import MANAGER
from classroom.models import Membership
from discussions.models import (
    Comment,
    CommentRevision,
    ModerationAction,
    Status,
    Suspension,
    WatchedWord,
)
from discussions.moderation.posting_rules import MASK, screen_text
from discussions.moderation.watched_words import watched_word_add
from tests.factories import CourseFactory, MembershipFactory, make_comment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
Action = WatchedWord.Action


def watch(classroom, phrase, action=Action.REVIEW, *, whole_word=True, course="course"):
    on_course = course == "course"
    return watched_word_add(
        course=classroom.course if on_course else None,
        phrase=phrase,
        whole_word=whole_word,
        action=action,
        added_by=classroom.instructor if on_course else classroom.admin,
    )


def text(response) -> str:
    """The page as a person reads it (entities such as &#x27; turned back into characters)."""
    return html.unescape(response.content.decode())


# --- Matching: plain or whole word, any case, any script ---


@pytest.mark.parametrize(
    ("phrase", "whole_word", "body", "matches"),
    [
        ("ass", True, "What a class.", False),
        ("ass", True, "The assessment is due.", False),
        ("ass", True, "Don't be an ass.", True),
        ("ass", True, "ASS!", True),
        ("ass", False, "What a class.", True),
        ("café", True, "Meet me at the CAFÉ later.", True),
        ("CAFÉ", True, "un café crème", True),
        ("café", True, "cafés", False),
        ("café", False, "cafés", True),
        ("straße", True, "Die STRASSE", False),  # no case folding of ß: a known limit
        ("дурак", True, "Ты ДУРАК.", True),
        ("дурак", True, "дураками", False),
        ("bad word", True, "A BAD WORD here.", True),
        ("bad word", True, "badword", False),
    ],
)
def test_matching(classroom, phrase, whole_word, body, matches):
    watch(classroom, phrase, Action.MASK, whole_word=whole_word)

    screened = screen_text(body=body, course=classroom.course)

    assert (MASK in screened.body) is matches, screened.body


def test_mask_keeps_the_rest_and_replaces_every_occurrence(classroom):
    watch(classroom, "darn", Action.MASK)

    screened = screen_text(body="Darn it, darn it all. Darning socks.", course=classroom.course)

    assert screened.body == f"{MASK} it, {MASK} it all. Darning socks."


def test_site_wide_entries_apply_to_every_course_and_course_entries_to_their_own(classroom):
    watch(classroom, "nonsense", Action.REVIEW, course=None)
    watch(classroom, "drivel", Action.REVIEW)
    elsewhere = CourseFactory()

    assert screen_text(body="nonsense", course=elsewhere).hold_reason
    assert not screen_text(body="drivel", course=elsewhere).hold_reason
    assert screen_text(body="drivel", course=classroom.course).hold_reason


# --- Each action on comments, replies and edits, through the pages a student uses ---


def post_thread(client, classroom, body, *, htmx=False):
    url = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, classroom.paragraphs[0].pk],
    )
    return client.post(url, {"body": body}, headers=HTMX if htmx else {})


def post_reply(client, classroom, body, *, htmx=False):
    url = reverse("discussions:comment_reply", args=[classroom.comment.pk])
    return client.post(url, {"body": body}, headers=HTMX if htmx else {})


def post_edit(client, classroom, body, *, htmx=False):
    own = Comment.objects.filter(author=classroom.student).first() or make_comment(
        author=classroom.student, assignment=classroom.assignment, body="My first wording."
    )
    url = reverse("discussions:comment_edit", args=[own.pk])
    return client.post(url, {"body": body}, headers=HTMX if htmx else {})


WAYS = {"comment": post_thread, "reply": post_reply, "edit": post_edit}


def snapshot():
    return {
        "comments": sorted(Comment.objects.values_list("pk", "status", "body")),
        "revisions": CommentRevision.objects.count(),
        "actions": ModerationAction.objects.count(),
    }


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_block_refuses_with_a_clear_message_and_saves_nothing(classroom, client_for, way, htmx):
    watch(classroom, "idiot", Action.BLOCK)
    client = client_for(classroom.student)
    if way == "edit":
        post_edit(client, classroom, "My first wording.")
    before = snapshot()

    response = WAYS[way](client, classroom, "Only an IDIOT would say that.", htmx=htmx)

    assert response.status_code == 422
    assert "Your post contains “idiot”, which isn't allowed in this course." in text(response)
    assert "Only an IDIOT would say that." in text(response)  # still in the box to fix
    assert snapshot() == before


@pytest.mark.parametrize("way", WAYS)
def test_review_holds_the_post_for_staff_and_records_why(classroom, client_for, way):
    watch(classroom, "fight", Action.REVIEW)
    client = client_for(classroom.student)
    if way == "edit":
        post_edit(client, classroom, "My first wording.")

    response = WAYS[way](client, classroom, "Let's have a FIGHT after class.")

    assert response.status_code == 302
    if way == "edit":
        # The approved wording stays what classmates read; the edit waits beside it.
        edited = Comment.objects.get(pending_body="Let's have a FIGHT after class.")
        assert (edited.status, edited.body) == (Status.VISIBLE, "My first wording.")
        row = ModerationAction.objects.get(comment=edited, kind=ModerationAction.Kind.HOLD_EDIT)
        assert row.reason == "It contains a word this course reviews before posting."
        return
    held = Comment.objects.get(body="Let's have a FIGHT after class.")
    assert held.status == Status.PENDING
    assert held.moderation_reason == "It contains a word this course reviews before posting."
    row = ModerationAction.objects.get(comment=held, kind=ModerationAction.Kind.HOLD)
    assert (row.from_status, row.to_status) == ("", Status.PENDING)
    assert row.actor == classroom.student
    assert row.reason == held.moderation_reason
    assert_seen_only_by_author_and_staff(classroom, client_for, held)


@pytest.mark.parametrize("way", WAYS)
def test_mask_saves_the_masked_text(classroom, client_for, way):
    watch(classroom, "stupid", Action.MASK)
    client = client_for(classroom.student)
    if way == "edit":
        post_edit(client, classroom, "My first wording.")

    response = WAYS[way](client, classroom, "A Stupid, stupid idea.")

    assert response.status_code == 302
    saved = Comment.objects.get(body=f"A {MASK}, {MASK} idea.")
    assert saved.status == Status.VISIBLE
    assert "tupid" not in saved.body_html
    if way == "edit":
        assert saved.revisions.get().body == "My first wording."
    assert not Comment.objects.filter(body__icontains="stupid").exists()


def test_a_masked_word_that_is_also_held_still_goes_to_review(classroom, client_for):
    watch(classroom, "darn", Action.MASK)
    watch(classroom, "fight", Action.REVIEW)

    post_thread(client_for(classroom.student), classroom, "Darn, a fight.")

    held = Comment.objects.get(body=f"{MASK}, a fight.")
    assert held.status == Status.PENDING


def assert_seen_only_by_author_and_staff(classroom, client_for, comment):
    reading = reverse("discussions:reading", args=[classroom.course.slug, classroom.assignment.pk])
    detail = reverse("discussions:comment", args=[comment.pk])
    for viewer in (classroom.classmate,):
        client = client_for(viewer)
        assert comment.body not in text(client.get(reading, {"all": "1"}))
        assert client.get(detail, headers=HTMX).status_code == 404
        reply = client.post(
            reverse("discussions:comment_reply", args=[comment.pk]), {"body": "Answering."}
        )
        assert reply.status_code == 404
    for viewer in (comment.author, classroom.ta, classroom.instructor):
        client = client_for(viewer)
        assert comment.body in text(client.get(reading, {"all": "1"})), viewer
        assert client.get(detail, headers=HTMX).status_code == 200


# --- Rate limit, slow mode, suspensions ---


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_the_post_over_the_per_minute_limit_is_refused_with_the_wait(
    classroom, client_for, settings, htmx
):
    settings.COMMENT_RATE_LIMIT_PER_MINUTE = 3
    client = client_for(classroom.student)
    for number in range(3):
        assert post_thread(client, classroom, f"Point {number}.", htmx=htmx).status_code in (
            201,
            302,
        )
    before = snapshot()

    response = post_reply(client, classroom, "One point too many.", htmx=htmx)

    assert response.status_code == 422
    page = text(response)
    assert "You're posting very quickly. Please wait" in page
    wait = int(page.split("Please wait ")[1].split(" seconds")[0])
    assert 1 <= wait <= 61
    assert "One point too many." in page
    assert snapshot() == before


def test_the_limit_counts_only_the_last_minute(classroom, client_for, settings):
    settings.COMMENT_RATE_LIMIT_PER_MINUTE = 2
    client = client_for(classroom.student)
    post_thread(client, classroom, "One.")
    post_thread(client, classroom, "Two.")
    Comment.objects.filter(author=classroom.student).update(
        created_at=timezone.now() - timedelta(seconds=61)
    )

    assert post_thread(client, classroom, "Three, a minute later.").status_code == 302


def test_slow_mode_tells_the_student_how_long_to_wait(classroom, client_for):
    classroom.assignment.slow_mode_seconds = 120
    classroom.assignment.save()
    client = client_for(classroom.student)
    assert post_thread(client, classroom, "First.").status_code == 302
    before = snapshot()

    response = post_reply(client, classroom, "Second, too soon.")

    assert response.status_code == 422
    assert "Slow mode is on for this discussion: you can post again in" in text(response)
    assert snapshot() == before
    # Staff are not slowed down.
    instructor = client_for(classroom.instructor)
    assert post_thread(instructor, classroom, "Staff one.").status_code == 302
    assert post_thread(instructor, classroom, "Staff two.").status_code == 302


def test_a_suspended_student_is_refused_with_the_reason(classroom, client_for):
    own = make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    Suspension.objects.create(
        course=classroom.course,
        user=classroom.student,
        reason="Repeated name-calling in the week 3 discussion.",
        ends_at=timezone.now() + timedelta(days=3),
        created_by=classroom.instructor,
    )
    client = client_for(classroom.student)
    before = snapshot()

    for way in (post_thread, post_reply):
        response = way(client, classroom, "Can I still post?")
        assert response.status_code == 403
        assert "Repeated name-calling in the week 3 discussion." in text(response)
        assert "not post until" in text(response)
    edit = client.post(reverse("discussions:comment_edit", args=[own.pk]), {"body": "Changed."})
    assert edit.status_code == 403
    assert "not post until" in text(edit)
    assert snapshot() == before
    # Reading still works.
    reading = reverse("discussions:reading", args=[classroom.course.slug, classroom.assignment.pk])
    assert client.get(reading).status_code == 200


def test_a_lifted_or_ended_suspension_no_longer_applies(classroom, client_for):
    Suspension.objects.create(
        course=classroom.course,
        user=classroom.student,
        reason="Cooling off.",
        ends_at=timezone.now() + timedelta(days=3),
        lifted_at=timezone.now(),
        created_by=classroom.instructor,
    )

    assert post_thread(client_for(classroom.student), classroom, "Back.").status_code == 302


# --- Review before posting ---


def test_course_wide_review_holds_every_student_post(classroom, client_for):
    classroom.course.premoderation = "students"
    classroom.course.save()

    post_thread(client_for(classroom.student), classroom, "Held for review.")
    post_thread(client_for(classroom.ta), classroom, "Staff post at once.")

    held = Comment.objects.get(body="Held for review.")
    assert held.status == Status.PENDING
    assert ModerationAction.objects.filter(comment=held, kind="hold").exists()
    assert Comment.objects.get(body="Staff post at once.").status == Status.VISIBLE
    assert_seen_only_by_author_and_staff(classroom, client_for, held)


def test_review_for_new_students_holds_only_recent_joiners(classroom, client_for):
    classroom.course.premoderation = "new_students"
    classroom.course.new_student_days = 7
    classroom.course.save()
    Membership.objects.filter(course=classroom.course, user=classroom.classmate).update(
        joined_at=timezone.now() - timedelta(days=30)
    )

    post_thread(client_for(classroom.student), classroom, "Newcomer's words.")
    post_thread(client_for(classroom.classmate), classroom, "Old hand's words.")

    newcomer = Comment.objects.get(body="Newcomer's words.")
    assert newcomer.status == Status.PENDING
    assert "newly joined" in newcomer.moderation_reason
    assert Comment.objects.get(body="Old hand's words.").status == Status.VISIBLE


def test_assignment_review_holds_posts_in_that_assignment_only(classroom, client_for):
    classroom.assignment.premoderate = True
    classroom.assignment.save()
    other = MembershipFactory(course=classroom.other_assignment.course).user

    post_thread(client_for(classroom.student), classroom, "In the reviewed assignment.")
    make_comment(author=other, assignment=classroom.other_assignment, body="Elsewhere.")

    held = Comment.objects.get(body="In the reviewed assignment.")
    assert held.status == Status.PENDING
    assert Comment.objects.get(body="Elsewhere.").status == Status.VISIBLE
    assert_seen_only_by_author_and_staff(classroom, client_for, held)


# --- The watched-words pages ---


def list_url(classroom):
    return reverse("discussions:watched_words", args=[classroom.course.slug])


def add_url(classroom):
    return reverse("discussions:watched_word_add", args=[classroom.course.slug])


def test_instructor_adds_and_removes_a_course_entry(classroom, client_for):
    client = client_for(classroom.instructor)

    assert f'action="{add_url(classroom)}"' in text(client.get(list_url(classroom)))
    response = client.post(
        add_url(classroom), {"phrase": "  nonsense ", "whole_word": "on", "action": "mask"}
    )

    assert response.status_code == 302
    assert response.url == list_url(classroom)
    entry = WatchedWord.objects.get()
    assert (entry.course, entry.phrase, entry.whole_word, entry.action) == (
        classroom.course,
        "nonsense",
        True,
        Action.MASK,
    )
    assert entry.created_by == classroom.instructor
    page = text(client.get(list_url(classroom)))
    assert "nonsense" in page and "Replace it with a mask" in page
    remove = reverse("discussions:watched_word_remove", args=[classroom.course.slug, entry.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not WatchedWord.objects.filter(removed_at__isnull=True).exists()  # kept, marked removed
    # Both changes to the course's list are in its audit log.
    assert list(
        ModerationAction.objects.filter(kind__startswith="watched_word")
        .order_by("pk")
        .values_list("kind", flat=True)
    ) == ["watched_word_add", "watched_word_remove"]


def test_plain_match_is_kept_when_whole_word_is_unticked(classroom, client_for):
    client_for(classroom.instructor).post(add_url(classroom), {"phrase": "ass", "action": "block"})

    assert WatchedWord.objects.get().whole_word is False


def test_ta_sees_the_list_but_cannot_change_it(classroom, client_for):
    entry = watch(classroom, "drivel")
    client = client_for(classroom.ta)

    page = client.get(list_url(classroom))
    assert page.status_code == 200
    assert "drivel" in text(page)
    assert "Only the course's instructors can change this list." in text(page)
    assert add_url(classroom) not in text(page)
    refused = client.post(add_url(classroom), {"phrase": "x", "action": "block"})
    assert refused.status_code == 403
    assert str(MANAGER.refusal) in text(refused)
    assert client.post(add_url(classroom), {}).status_code == 403
    remove = reverse("discussions:watched_word_remove", args=[classroom.course.slug, entry.pk])
    assert client.post(remove).status_code == 403
    assert list(WatchedWord.objects.all()) == [entry]


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("", "Enter a word or phrase to watch for."),
        ("   ", "Enter a word or phrase to watch for."),
        ("\x07\x1b", "Enter a word or phrase to watch for."),
        ("x" * 101, "Keep a watched phrase to 100 characters (this one has 101)."),
        ("Drivel", "“Drivel” is already on this course's list."),
        ("CAFÉ", "“CAFÉ” is already on this course's list."),
        ("SPAM", "“SPAM” is already on the site-wide list, which applies to every course."),
    ],
)
def test_bad_entries_are_refused_with_a_clear_message(classroom, client_for, phrase, message):
    watch(classroom, "drivel")
    watch(classroom, "café")
    watch(classroom, "spam", course=None)
    before = sorted(WatchedWord.objects.values_list("pk", flat=True))

    response = client_for(classroom.instructor).post(
        add_url(classroom), {"phrase": phrase, "whole_word": "on", "action": "review"}
    )

    assert response.status_code == 422
    assert message in text(response)
    assert "Nothing was added." in text(response)
    assert sorted(WatchedWord.objects.values_list("pk", flat=True)) == before


def test_an_unknown_action_is_refused(classroom, client_for):
    response = client_for(classroom.instructor).post(
        add_url(classroom), {"phrase": "drivel", "action": "delete"}
    )

    assert response.status_code == 422
    assert "Choose what should happen to a post that uses it." in text(response)
    assert not WatchedWord.objects.exists()


def test_another_course_entry_cannot_be_removed_through_this_course(classroom, client_for):
    other_course = classroom.other_assignment.course
    foreign = WatchedWord.objects.create(
        course=other_course, phrase="drivel", created_by=classroom.admin
    )
    url = reverse("discussions:watched_word_remove", args=[classroom.course.slug, foreign.pk])

    assert client_for(classroom.instructor).post(url).status_code == 404
    site_entry = watch(classroom, "spam", course=None)
    url = reverse("discussions:watched_word_remove", args=[classroom.course.slug, site_entry.pk])
    assert client_for(classroom.instructor).post(url).status_code == 404
    assert WatchedWord.objects.count() == 2


def test_site_admin_manages_the_site_wide_list(classroom, client_for):
    client = client_for(classroom.admin)
    url = reverse("discussions:site_watched_words")

    assert client.post(url, {"phrase": "spam", "action": "review"}).status_code == 302
    entry = WatchedWord.objects.get()
    assert entry.course is None and entry.created_by == classroom.admin
    duplicate = client.post(url, {"phrase": "Spam", "action": "block"})
    assert duplicate.status_code == 422
    assert "“Spam” is already on the list." in text(duplicate)
    # Course staff see the site-wide list, read-only, on their course's page.
    page = text(client_for(classroom.instructor).get(list_url(classroom)))
    assert "Site-wide list" in page and "spam" in page
    assert client_for(classroom.instructor).get(url).status_code == 403
    remove = reverse("discussions:site_watched_word_remove", args=[entry.pk])
    assert client_for(classroom.instructor).post(remove).status_code == 403
    assert client_for(classroom.admin).post(remove).status_code == 302
    assert not WatchedWord.objects.filter(removed_at__isnull=True).exists()


def test_user_text_on_the_list_is_escaped(classroom, client_for):
    watch(classroom, "<b>bold</b>")

    page = client_for(classroom.instructor).get(list_url(classroom)).content.decode()

    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold</b>" not in page


# --- Several server processes, each with its own cache ---


def process_cache(name: str) -> dict:
    """The caches of one server process with no shared cache: its own memory."""
    memory = "django.core.cache.backends.locmem.LocMemCache"
    return {
        "default": {"BACKEND": memory, "LOCATION": f"{name}-default"},
        "fragments": {"BACKEND": memory, "LOCATION": f"{name}-fragments"},
    }


@pytest.mark.parametrize("course", ["course", "site"])
def test_a_word_added_through_one_process_is_heeded_by_another_at_once(
    classroom, client_for, settings, course
):
    from django.core.cache import caches

    student = client_for(classroom.student)
    settings.CACHES = process_cache("first")
    caches["default"].clear()
    assert post_thread(student, classroom, "A fair point, idiot or not.").status_code == 302
    # The first process now keeps the lists this course's posts are checked against.
    settings.CACHES = process_cache("second")
    watch(classroom, "idiot", Action.BLOCK, course=course)
    settings.CACHES = process_cache("first")

    response = post_thread(student, classroom, "Only an idiot would say that.")

    assert response.status_code == 422
    assert "Your post contains “idiot”" in text(response)


def test_a_word_written_without_the_services_is_heeded_at_once(classroom, client_for):
    """A script or a data migration writing the table directly counts as a change too."""
    student = client_for(classroom.student)
    assert post_thread(student, classroom, "A fair point, idiot or not.").status_code == 302
    WatchedWord.objects.create(
        course=classroom.course, phrase="idiot", action=Action.BLOCK, created_by=classroom.admin
    )

    response = post_thread(student, classroom, "Only an idiot would say that.")

    assert response.status_code == 422
    assert "Your post contains “idiot”" in text(response)
