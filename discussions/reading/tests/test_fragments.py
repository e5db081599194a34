"""The reading page reuses rendered comments: after any change, a page built from reused
fragments must equal one rendered from scratch, for every kind of viewer."""

import logging
import re
import uuid
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.template import Context
from django.urls import reverse
from django.utils import timezone

from classroom.models import Role
from discussions.audience import audience_for
from discussions.models import Comment, Kind
from discussions.moderation import decisions
from discussions.reading import services
from discussions.reading.fragments import ViewerState, comment_keys, defer, put_in_place
from discussions.reading.threads import THREADS_PER_PAGE, Discussion
from discussions.templatetags.threads import ReusedPartialNode
from tests.factories import MembershipFactory, add_threads, make_comment

# What differs between two requests for the same page: the CSRF token's mask, the forms'
# posting keys and CSP nonces.
PER_REQUEST = re.compile(
    r'(name="csrfmiddlewaretoken" value=|name="posting_key" value=|nonce=|"X-CSRFToken": )"[^"]+"'
)
POSTING_KEY = re.compile(r'name="posting_key" value="([^"]+)"')


def page(client, url) -> str:
    return PER_REQUEST.sub(r'\1""', client.get(url).content.decode())


def reply(classroom, parent, author, body):
    return services.comment_create(
        author=author,
        assignment=classroom.assignment,
        paragraph=parent.paragraph,
        parent=parent,
        body=body,
    )


CHANGES = {
    "reply": lambda c: reply(c, c.comment, c.student, "A reply with *emphasis*."),
    "edit": lambda c: services.comment_edit(
        comment=c.comment, editor=c.classmate, body="Second thoughts.", kind="question"
    ),
    "helpful": lambda c: services.reaction_toggle(comment=c.comment, user=c.student),
    "endorse": lambda c: services.comment_endorse_toggle(comment=c.comment, moderator=c.ta),
    "pin": lambda c: decisions.comment_pin_toggle(comment=c.comment, moderator=c.ta),
    "lock": lambda c: decisions.thread_lock_toggle(comment=c.comment, moderator=c.ta),
    "hide": lambda c: decisions.comment_hide(
        comment=c.comment, moderator=c.ta, reason="Off topic."
    ),
    "withdraw": lambda c: services.comment_withdraw(comment=c.comment, author=c.classmate),
    "rename": lambda c: (
        type(c.classmate).objects.filter(pk=c.classmate.pk).update(display_name="Renamed Classmate")
    ),
    "anonymous": lambda c: make_anonymous(c),
    "close": lambda c: (
        type(c.assignment)
        .objects.filter(pk=c.assignment.pk)
        .update(locks_at=timezone.now() - timedelta(minutes=1))
    ),
    # Staff keep their names in anonymous discussions.
    "role": lambda c: c.course.memberships.filter(user=c.classmate).update(role=Role.TA),
}
BEFORE = {"role": lambda c: make_anonymous(c)}


def make_anonymous(classroom):
    type(classroom.assignment).objects.filter(pk=classroom.assignment.pk).update(anonymous=True)


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("viewer", ["student", "classmate", "ta", "admin"])
def test_reused_fragments_match_a_fresh_render(classroom, client, change, viewer):
    MembershipFactory(course=classroom.course, role=Role.STUDENT)
    reply(classroom, classroom.comment, classroom.ta, "Staff reply.")
    make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    if change in BEFORE:
        BEFORE[change](classroom)
    client.force_login(classroom.user(viewer))
    url = classroom.assignment.get_absolute_url() + "?all=1"
    before = page(client, url)

    CHANGES[change](classroom)
    reused = page(client, url)
    caches["fragments"].clear()
    fresh = page(client, url)

    assert reused == fresh
    assert reused != before


def test_each_page_gets_its_own_csrf_token(classroom, client):
    client.force_login(classroom.student)
    url = classroom.assignment.get_absolute_url() + "?all=1"
    client.get(url)
    html = client.get(url).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens and all(not token.startswith("csrf-") for token in tokens)
    helpful = f"{classroom.comment.get_absolute_url()}helpful/"
    token = tokens.pop()
    client_with_checks = type(client)(enforce_csrf_checks=True)
    client_with_checks.cookies = client.cookies
    response = client_with_checks.post(helpful, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.parametrize("viewer", ["student", "ta"])
def test_each_form_gets_its_own_posting_key_each_time(classroom, client, viewer):
    """Thread forms are reused fragments: a key cached with one would make a second post,
    on another paragraph or from the next page, look like a repeat of the first. (Comments
    hold no form with a posting key: their threads get only the visitor's CSRF token.)"""
    reply(classroom, classroom.comment, classroom.student, "Mine, with its own tools.")
    client.force_login(classroom.user(viewer))
    url = classroom.assignment.get_absolute_url() + "?all=1"
    first = POSTING_KEY.findall(client.get(url).content.decode())
    second = POSTING_KEY.findall(client.get(url).content.decode())
    forms = len(classroom.paragraphs) * 2  # a thread form and a note form on each
    assert len(first) == len(second) >= forms
    assert len(set(first + second)) == len(first + second)
    assert all(str(uuid.UUID(key)) == key for key in first + second)


@pytest.mark.parametrize("first", ["student", "ta"])
@pytest.mark.parametrize("second", ["classmate", "admin"])
def test_viewers_do_not_share_what_differs_between_them(classroom, client, first, second):
    reply(classroom, classroom.comment, classroom.student, "Mine, with an edit link for me.")
    services.reaction_toggle(comment=classroom.comment, user=classroom.student)
    url = classroom.assignment.get_absolute_url() + "?all=1"
    client.force_login(classroom.user(first))
    page(client, url)
    client.force_login(classroom.user(second))
    reused = page(client, url)
    caches["fragments"].clear()
    assert reused == page(client, url)


def test_a_page_seen_again_renders_no_comment_again(classroom, client, caplog):
    reply(classroom, classroom.comment, classroom.ta, "Staff reply.")
    make_comment(author=classroom.student, assignment=classroom.assignment, body="Mine.")
    client.force_login(classroom.student)
    url = classroom.assignment.get_absolute_url() + "?all=1"
    caches["fragments"].clear()
    with caplog.at_level(logging.DEBUG, logger="discussions.reading.fragments"):
        client.get(url)
        client.get(url)
    first, second = [r.getMessage() for r in caplog.records if r.name.endswith("fragments")]
    assert first == "Rendered 3 of 3 comments; the rest were reused."
    assert second == "Rendered 0 of 3 comments; the rest were reused."


def test_a_comment_loaded_twice_has_one_name_and_any_change_gives_another(classroom):
    viewer = ViewerState(False, False, False, "UTC", "en")

    def loaded():
        audience = audience_for(classroom.student, classroom.assignment)
        discussion = Discussion(audience, scope=classroom.comment.paragraph_id)
        return discussion.threads[classroom.comment.paragraph_id][0].comment

    first, again = loaded(), loaded()
    assert first is not again

    def comment_key(comment, user_id):
        return comment_keys([comment], viewer, user_id)[0]

    name = comment_key(first, classroom.student.pk)
    # Loaded from the database, the state is plain values: the quick way names it.
    assert ":plain:" in name
    assert comment_key(again, classroom.student.pk) == name
    assert comment_key(again, classroom.classmate.pk) != name
    for field, value in vars(first).items():
        if field != "_state":
            changed = loaded()
            setattr(changed, field, "changed" if value != "changed" else "other")
            assert comment_key(changed, classroom.student.pk) != name, field


def comment_markup(html: str, comment_id: int) -> str:
    """The comment's item up to its list of replies, as `comment-open` renders it."""
    found = re.search(
        rf'<li class="comment-item[^"]*" id="c-{comment_id}">.*?<ol class="replies"', html, re.S
    )
    return found[0]


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
@pytest.mark.parametrize("replier", ["student", "ta"])
@pytest.mark.parametrize("depth", [1, 4], ids=["reply", "past-the-deepest-level"])
def test_the_answer_to_a_reply_is_the_comment_as_the_page_shows_it(
    classroom, client, anonymous, replier, depth
):
    if anonymous:
        make_anonymous(classroom)
    parent = classroom.comment
    for _ in range(depth - 1):
        parent = reply(classroom, parent, classroom.classmate, "Further down.")
    client.force_login(classroom.user(replier))
    response = client.post(
        f"{parent.get_absolute_url()}reply/",
        {"body": "An answer, *inline*."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 201
    answer = classroom.assignment.comments.get(body="An answer, *inline*.")
    assert bool(answer.reply_to_id) == (depth == 4)
    shown = page(client, classroom.assignment.get_absolute_url() + "?all=1")
    answered = PER_REQUEST.sub(r'\1""', response.content.decode())
    assert comment_markup(answered, answer.pk) == comment_markup(shown, answer.pk)


def test_pieces_handed_to_the_render_are_put_in_place_once_it_is_done():
    context = Context()
    context.deferred_html = []
    markers = [defer(context, f"<li>{number}</li>") for number in range(3)]
    # However the template arranged them, each marker takes its own piece.
    html = f"<ol>{markers[2]}</ol><ol>{markers[0]}{markers[1]}</ol>"
    assert put_in_place(html, context.deferred_html) == (
        "<ol><li>2</li></ol><ol><li>0</li><li>1</li></ol>"
    )
    assert defer(Context(), "<li>3</li>") == "<li>3</li>"


def test_a_reused_partial_keeps_its_html_whole():
    class HandsOver:
        """A partial whose HTML, like the threads', would be handed to the render."""

        def render(self, context):
            return defer(context, "<li>whole</li>")

    context = Context()
    pieces = context.deferred_html = []
    node = ReusedPartialNode("part", [], {"part": HandsOver()})
    assert node.render(context) == "<li>whole</li>"
    # The render's own pieces are as they were, and still collected.
    assert context.deferred_html is pieces
    assert pieces == []


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "show-more"])
def test_threads_reach_the_page_whole_and_no_marker_does(classroom, client, htmx):
    reply(classroom, classroom.comment, classroom.ta, "Staff reply.")
    client.force_login(classroom.student)
    paragraph = classroom.comment.paragraph
    url = reverse(
        "discussions:paragraph_threads",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    if not htmx:
        url = classroom.assignment.get_absolute_url() + "?all=1"
    html = client.get(url, headers={"HX-Request": "true"} if htmx else {}).content.decode()
    assert "Staff reply." in html
    assert f'id="c-{classroom.comment.pk}"' in html
    assert "deferred-" not in html


def test_a_reused_paragraph_carries_each_visitors_own_csrf_token(classroom, client):
    """Paragraphs are reused whole with their forms: the CSRF token of whoever was shown one
    first must not stay in it."""
    url = classroom.assignment.get_absolute_url() + "?all=1"
    client.force_login(classroom.student)
    client.get(url)
    other = type(client)()
    other.force_login(classroom.classmate)
    html = other.get(url).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) > len(classroom.paragraphs)
    assert len(set(tokens)) == 1


def test_a_reused_paragraph_keeps_the_address_it_links_from(classroom, client):
    """ "Show more threads" keeps the page's label filter: a paragraph reused for one address
    must not be shown at another."""
    paragraph = classroom.paragraphs[0]
    starts = add_threads(
        classroom.assignment, paragraph, [classroom.classmate], THREADS_PER_PAGE + 2
    )
    Comment.objects.filter(pk__in=[start.pk for start in starts]).update(kind=Kind.QUESTION)
    client.force_login(classroom.student)
    base = classroom.assignment.get_absolute_url()
    reused = {query: page(client, base + query) for query in ("?all=1", "?all=1&type=question")}
    caches["fragments"].clear()
    for query, html in reused.items():
        assert html == page(client, base + query)
    more = re.compile(rf'id="more-threads-{paragraph.pk}">\s*<a class="button" href="([^"]+)"')
    assert "type=question" in more.search(reused["?all=1&type=question"])[1]
    assert "type=question" not in more.search(reused["?all=1"])[1]
