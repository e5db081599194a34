"""Course search through HTTP, on whichever database the suite runs (SQLite FTS5 or
PostgreSQL full-text search): what a person finds, what they must not, and bad input."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from articles.rendering import render_markdown, render_plain_text
from classroom.accounts.services import account_delete
from classroom.models import Assignment, Group, Membership, Role
from discussions.models import Kind, Status
from discussions.moderation.decisions import comment_hide
from discussions.pseudonyms import pseudonym_for
from discussions.reading.services import comment_create, comment_edit, prompt_create
from discussions.search.results import RESULTS_PER_PAGE
from discussions.search.snippets import plain_text
from tests.factories import AssignmentFactory, MembershipFactory, ReadingFactory
from tests.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

RESULT = re.compile(r'<li class="search-result search-(\w+)">(.*?)</li>', re.S)


def search(client, classroom, status=200, **query):
    response = client.get(reverse("discussions:search", args=[classroom.course.slug]), query)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def found(response) -> list[tuple[str, str]]:
    return RESULT.findall(response.content.decode())


def plain(response) -> str:
    return re.sub(r"</?mark>", "", response.content.decode())


def say(classroom, author, body, **where):
    where.setdefault("paragraph", classroom.paragraphs[0])
    return comment_create(author=author, assignment=classroom.assignment, body=body, **where)


def test_finds_comments_prompts_and_reading_text(classroom, client_for):
    comment = say(classroom, classroom.classmate, "The harbour *lights* flicker at dusk.")
    prompt_create(
        assignment=classroom.assignment,
        author=classroom.instructor,
        body="Where else do harbour lights appear?",
        paragraph=classroom.paragraphs[1],
    )
    reading = ReadingFactory(paragraphs=["Ships leave the harbour at dawn.", "Nothing else."])
    AssignmentFactory(course=classroom.course, reading=reading, created_by=classroom.instructor)
    response = search(client_for(classroom.student), classroom, q="harbour")
    kinds = sorted(kind for kind, _html in found(response))
    assert kinds == ["comment", "prompt", "text"]
    text = response.content.decode()
    assert "The <mark>harbour</mark> lights flicker at dusk." in text
    assert f'href="{comment.get_absolute_url()}"' in text
    assert "Ships leave the <mark>harbour</mark> at dawn." in text
    assert "1 result" not in text and "3 results" in text


def test_words_match_as_the_start_of_words_and_all_must_match(classroom, client_for):
    say(classroom, classroom.classmate, "Lanterns drifting past the quay.")
    say(classroom, classroom.classmate, "Lanterns alone.")
    client = client_for(classroom.student)
    assert len(found(search(client, classroom, q="lantern quay"))) == 1
    assert len(found(search(client, classroom, q="lantern"))) == 2
    assert len(found(search(client, classroom, q="quay OR alone"))) == 2


def test_readings_prompts_and_edits_are_found_by_the_start_of_their_words(classroom, client_for):
    reading = ReadingFactory(paragraphs=["Ships leave at dawn.", "Nothing else."])
    AssignmentFactory(course=classroom.course, reading=reading, created_by=classroom.instructor)
    prompt_create(
        assignment=classroom.assignment, author=classroom.instructor, body="Why lighthouses?"
    )
    comment = say(classroom, classroom.student, "Harbour first wording.")
    comment_edit(comment=comment, editor=classroom.student, body="Kingfishers second wording.")
    client = client_for(classroom.student)
    assert [kind for kind, _ in found(search(client, classroom, q="daw"))] == ["text"]
    assert [kind for kind, _ in found(search(client, classroom, q="lighthou"))] == ["prompt"]
    assert [kind for kind, _ in found(search(client, classroom, q="kingfish"))] == ["comment"]


def test_a_reading_assigned_twice_is_found_once_in_its_first_assignment(classroom, client_for):
    reading = ReadingFactory(paragraphs=["Ships leave at dawn.", "Nothing else."])
    first, again = (
        AssignmentFactory(course=classroom.course, reading=reading, created_by=classroom.instructor)
        for _ in range(2)
    )
    response = search(client_for(classroom.student), classroom, q="dawn")
    (text,) = [html for kind, html in found(response) if kind == "text"]
    assert reverse("discussions:reading", args=[classroom.course.slug, first.pk]) in text
    assert reverse("discussions:reading", args=[classroom.course.slug, again.pk]) not in text
    assert first.pk < again.pk


def test_a_word_nothing_starts_finds_nothing_and_leaves_the_alternatives(classroom, client_for):
    say(classroom, classroom.classmate, "Lanterns drifting past the quay.")
    client = client_for(classroom.student)
    assert not found(search(client, classroom, q="lantern nowhere"))
    assert len(found(search(client, classroom, q="nowhere OR quay"))) == 1
    assert len(found(search(client, classroom, q="the OR quay"))) == 1


def test_a_word_starting_many_words_finds_them_all(classroom, client_for, monkeypatch):
    for word in ("Harbour", "Harbours", "Harbourmaster", "Harbouring", "Harbourside"):
        say(classroom, classroom.classmate, f"{word} view.")
    client = client_for(classroom.student)
    assert len(found(search(client, classroom, q="harbour"))) == 5
    monkeypatch.setattr("discussions.search.backends.SPELLED_OUT_MAX", 1)
    assert len(found(search(client, classroom, q="harbour"))) == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query planner")
def test_postgresql_is_asked_for_the_words_a_prefix_starts(classroom, client_for, monkeypatch):
    say(classroom, classroom.classmate, "Assumptions, assumed, lanterns.")
    client = client_for(classroom.student)

    def searched(query):
        with CaptureQueriesContext(connection) as queries:
            assert found(search(client, classroom, q=query))
        return next(q["sql"] for q in queries.captured_queries if '"search_vector" @@' in q["sql"])

    # Lexemes as quoted in the SQL text: the stem of "assumed", of "assumptions".
    sql = searched("assum OR lantern")
    assert "''assum'' | ''assumpt''" in sql and "''lantern''" in sql and ":*" not in sql
    monkeypatch.setattr("discussions.search.backends.SPELLED_OUT_MAX", 1)
    assert "''assum'':*" in searched("assum")


def test_an_empty_search_asks_for_words(classroom, client_for):
    response = search(client_for(classroom.student), classroom, q="   ")
    assert "Type a few words" in response.content.decode()
    assert not found(response)
    assert "Type a few words" in search(client_for(classroom.student), classroom).content.decode()


def test_a_course_without_readings_is_searched_by_its_members_only(classroom, client_for):
    empty = MembershipFactory(user=classroom.student, role=Role.STUDENT).course
    url = reverse("discussions:search", args=[empty.slug])
    response = client_for(classroom.student).get(url, {"q": "harbour"})
    assert response.status_code == 200
    assert "Nothing you can see matches" in response.content.decode()
    assert client_for(classroom.classmate).get(url, {"q": "harbour"}).status_code == 404
    elsewhere = reverse("discussions:search", args=[classroom.other_assignment.course.slug])
    assert client_for(classroom.student).get(elsewhere, {"q": "harbour"}).status_code == 404


def test_a_very_long_query_is_refused_with_a_message_and_kept(classroom, client_for):
    query = "harbour " * 250
    response = search(client_for(classroom.student), classroom, status=400, q=query)
    text = response.content.decode()
    assert "Search for at most 200 characters" in text
    assert "harbour harbour" in text  # still in the box, to shorten


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "*",
        "harbour*",
        "AND OR NOT",
        "OR",
        "NEAR(harbour lights, 2)",
        "body:harbour",
        "harbour:*",
        "!harbour & | <-> ()",
        "-harbour ^lights",
        "\\",
        "%_%",
        "lights' OR 1=1 --",
        '"unfinished phrase',
        "ﬁsh naïve Ünïcödé",
        "\u202eright-to-left",
        "a_b",
    ],
)
def test_operators_and_punctuation_never_reach_the_database_as_syntax(query, classroom, client_for):
    say(classroom, classroom.classmate, "Harbour lights: naïve!")
    response = search(client_for(classroom.student), classroom, q=query)
    assert response.status_code == 200


def test_unknown_filters_are_ignored_and_a_bad_date_is_explained(classroom, client_for):
    say(classroom, classroom.classmate, "Harbour lights.")
    client = client_for(classroom.student)
    response = search(client, classroom, q="harbour", reading="999999", type="nonsense", page="x")
    assert len(found(response)) == 1
    other = search(client, classroom, q="harbour", reading=classroom.other_assignment.pk)
    assert len(found(other)) == 1, "another course's reading is not a filter here"
    response = search(client, classroom, status=400, q="harbour", **{"from": "tomorrow"})
    assert "Enter a valid date" in response.content.decode()
    response = search(
        client, classroom, status=400, q="harbour", **{"from": "2030-01-02", "to": "2030-01-01"}
    )
    assert "The end date comes before the start date." in response.content.decode()


def test_filters_narrow_by_type_person_and_date(classroom, client_for):
    say(classroom, classroom.classmate, "Harbour question?", kind=Kind.QUESTION)
    say(classroom, classroom.ta, "Harbour claim.", kind=Kind.CLAIM)
    client = client_for(classroom.student)
    assert [k for k, _ in found(search(client, classroom, q="harbour", type="question"))] == [
        "comment"
    ]
    by_ta = found(search(client, classroom, q="harbour", person=classroom.ta.public_name))
    assert len(by_ta) == 1 and "claim" in by_ta[0][1]
    assert not found(search(client, classroom, q="harbour", **{"to": "2000-01-01"}))


def test_hidden_withdrawn_and_others_pending_comments_are_not_found(classroom, client_for):
    hidden = say(classroom, classroom.classmate, "Harbour hidden.")
    comment_hide(comment=hidden, moderator=classroom.instructor, reason="Off topic.")
    pending = say(classroom, classroom.classmate, "Harbour pending.")
    own_pending = say(classroom, classroom.student, "Harbour mine pending.")
    type(pending).objects.filter(pk__in=[pending.pk, own_pending.pk]).update(status=Status.PENDING)
    text = plain(search(client_for(classroom.student), classroom, q="harbour"))
    assert "Harbour hidden." not in text
    assert "Harbour pending." not in text
    assert "Harbour mine pending." in text and "Waiting for review" in text
    # Staff review pending comments in the queue; search shows what stands.
    assert "Harbour pending." not in plain(search(client_for(classroom.ta), classroom, q="harbour"))


def test_an_edit_is_searched_by_its_new_words(classroom, client_for):
    comment = say(classroom, classroom.student, "Harbour first wording.")
    comment_edit(comment=comment, editor=classroom.student, body="Lighthouse second wording.")
    client = client_for(classroom.student)
    assert not found(search(client, classroom, q="harbour"))
    assert len(found(search(client, classroom, q="lighthouse"))) == 1


def test_other_groups_talk_is_not_found(classroom, client_for):
    assignment = classroom.assignment
    assignment.group_discussions = True
    assignment.save()
    north = Group.objects.create(course=classroom.course, name="North")
    south = Group.objects.create(course=classroom.course, name="South")
    Membership.objects.filter(user=classroom.student).update(group=north)
    Membership.objects.filter(user=classroom.classmate).update(group=south)
    # Freshly loaded: the course caches memberships as they were before the groups.
    fresh = Assignment.objects.get(pk=assignment.pk)
    comment_create(
        author=classroom.classmate,
        assignment=fresh,
        paragraph=classroom.paragraphs[0],
        body="Harbour in the south group.",
    )
    assert not found(search(client_for(classroom.student), classroom, q="harbour"))
    assert len(found(search(client_for(classroom.ta), classroom, q="harbour"))) == 1


def written_under_a_pseudonym(classroom) -> str:
    """Make the assignment anonymous and post the classmate's words there; their pseudonym."""
    assignment = classroom.assignment
    assignment.anonymous = True
    assignment.save()
    alias = pseudonym_for(assignment=assignment, user=classroom.classmate)
    say(classroom, classroom.classmate, "Harbour under a pseudonym.")
    return alias


def test_a_real_name_does_not_find_anonymous_words(classroom, client_for):
    alias = written_under_a_pseudonym(classroom)
    student = client_for(classroom.student)
    real = classroom.classmate.public_name
    assert not found(search(student, classroom, q="harbour", person=real))
    by_alias = search(student, classroom, q="harbour", person=alias)
    assert len(found(by_alias)) == 1
    assert real not in by_alias.content.decode()
    staff = search(client_for(classroom.ta), classroom, q="harbour", person=real)
    assert len(found(staff)) == 1


def test_a_person_is_found_by_their_words_however_many_people_a_name_means(
    classroom, client_for, monkeypatch
):
    say(classroom, classroom.classmate, "Harbour by the classmate.")
    say(classroom, classroom.ta, "Harbour by the assistant.")
    client = client_for(classroom.student)
    name = classroom.classmate.public_name
    by_name = plain(search(client, classroom, q="harbour", person=name))
    assert "Harbour by the classmate." in by_name and "assistant" not in by_name
    # Past INDEXED_AUTHORS_MAX people, the person is looked for outside the search index.
    monkeypatch.setattr("discussions.search.backends.INDEXED_AUTHORS_MAX", 0)
    assert plain(search(client, classroom, q="harbour", person=name)).count("Harbour by") == 1


def test_a_pseudonym_finds_its_writer_whatever_else_the_name_means(classroom, client_for):
    alias = written_under_a_pseudonym(classroom)
    say(classroom, classroom.student, "Harbour of my own.")
    # Someone whose real name is the pseudonym wrote nothing here; the pseudonym's writer did.
    classroom.outsider.display_name = alias
    classroom.outsider.save()
    text = plain(search(client_for(classroom.student), classroom, q="harbour", person=alias))
    assert "Harbour under a pseudonym." in text and "Harbour of my own." not in text
    assert classroom.classmate.public_name not in text


def test_a_number_searched_is_a_word_not_an_author(classroom, client_for):
    say(classroom, classroom.classmate, "Harbour lights.")
    client = client_for(classroom.student)
    author = str(classroom.classmate.pk)
    assert not found(search(client, classroom, q=author, type="comments"))
    say(classroom, classroom.student, f"Room {author} is closed.")
    assert len(found(search(client, classroom, q=author, type="comments"))) == 1


def test_edits_and_deleted_accounts_keep_the_person_filter_right(classroom, client_for):
    comment = say(classroom, classroom.classmate, "Harbour first wording.")
    comment_edit(comment=comment, editor=classroom.classmate, body="Lighthouse second wording.")
    say(classroom, classroom.ta, "Lighthouse from the assistant.")
    client = client_for(classroom.student)
    classmate, ta = classroom.classmate.public_name, classroom.ta.public_name
    assert not found(search(client, classroom, q="harbour", person=classmate))
    assert len(found(search(client, classroom, q="lighthouse", person=classmate))) == 1
    account_delete(user=classroom.classmate)
    assert not found(search(client, classroom, q="lighthouse", person=classmate))
    assert len(found(search(client, classroom, q="lighthouse"))) == 1
    # Removed as the admin site does it: the words stay, without an author to find them by.
    classroom.ta.delete()
    assert not found(search(client, classroom, q="lighthouse", person=ta))
    assert "Lighthouse from the assistant." in plain(search(client, classroom, q="lighthouse"))
    fts_integrity_check()


def fts_integrity_check() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # FTS5 checks its index against the rows it was built from.
            cursor.execute(
                "INSERT INTO discussions_comment_search(discussions_comment_search, rank) "
                "VALUES ('integrity-check', 1)"
            )


def test_a_reply_type_is_found_as_a_type_never_as_a_word(classroom, client_for):
    say(classroom, classroom.classmate, "Harbour walls.", kind=Kind.QUESTION)
    say(classroom, classroom.ta, "Harbour question, as a word.", kind=Kind.CLAIM)
    client = client_for(classroom.student)
    questions = found(search(client, classroom, q="harbour", type="question"))
    assert len(questions) == 1 and "walls" in questions[0][1]
    worded = found(search(client, classroom, q="question", type="comments"))
    assert len(worded) == 1 and "as a word" in worded[0][1]


def test_a_changed_reply_type_keeps_the_type_filter_right(classroom, client_for):
    comment = say(classroom, classroom.classmate, "Harbour walls.", kind=Kind.QUESTION)
    comment_edit(comment=comment, editor=classroom.classmate, body="Harbour walls.", kind="claim")
    client = client_for(classroom.student)
    assert not found(search(client, classroom, q="harbour", type="question"))
    assert len(found(search(client, classroom, q="harbour", type="claim"))) == 1
    fts_integrity_check()


def test_snippets_escape_what_readers_wrote(classroom, client_for):
    say(classroom, classroom.classmate, "Harbour `<img src=x onerror=alert(1)>` & <b>bold</b>")
    text = search(client_for(classroom.student), classroom, q="harbour").content.decode()
    assert "<img" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_snippets_read_sanitised_html_as_an_html_parser_does():
    titled = '[a link](https://example.org "a > b < c") & <i>not a tag</i>'
    for text in (*PAYLOADS, titled):
        for rendered in (render_markdown(text), render_plain_text(text)):
            parsed = " ".join(html.unescape(strip_tags(rendered)).split())
            assert plain_text(rendered) == parsed, rendered


def test_long_texts_are_cut_around_the_first_match(classroom, client_for):
    body = "Filler words here. " * 40 + "The harbour appears late. " + "More filler. " * 40
    say(classroom, classroom.classmate, body)
    (result,) = found(search(client_for(classroom.student), classroom, q="harbour"))
    snippet = re.search(r'<p class="search-snippet"[^>]*><a [^>]*>(.*?)</a>', result[1], re.S)
    assert snippet.group(1).startswith("…") and snippet.group(1).endswith("…")
    assert "<mark>harbour</mark>" in snippet.group(1)
    assert len(snippet.group(1)) < 400


def test_the_query_count_is_fixed_and_results_page(classroom, client_for):
    client = client_for(classroom.student)
    say(classroom, classroom.classmate, "Harbour one.")
    prompt_create(assignment=classroom.assignment, author=classroom.instructor, body="Harbour?")
    search(client, classroom, q="harbour")  # sessions, caches: what every page pays once
    with CaptureQueriesContext(connection) as few:
        search(client, classroom, q="harbour")
    for number in range(RESULTS_PER_PAGE + 5):
        say(classroom, classroom.ta if number % 2 else classroom.classmate, f"Harbour {number}.")
    prompt_create(assignment=classroom.assignment, author=classroom.ta, body="Harbour again?")
    with CaptureQueriesContext(connection) as many:
        first = search(client, classroom, q="harbour")
    assert len(many) == len(few), "\n".join(query["sql"] for query in many.captured_queries)
    assert len(found(first)) == RESULTS_PER_PAGE
    second = search(client, classroom, q="harbour", page=2)
    assert len(found(second)) == 8
    assert "q=harbour" in second.content.decode()


def test_pages_run_newest_first_across_kinds_and_one_out_of_range_is_the_last(
    classroom, client_for, monkeypatch
):
    monkeypatch.setattr("discussions.search.results.RESULTS_PER_PAGE", 2)
    reading = ReadingFactory(paragraphs=["Harbour t0 at dawn.", "Nothing else."])
    AssignmentFactory(course=classroom.course, reading=reading, created_by=classroom.instructor)
    for number in range(1, 4):
        say(classroom, classroom.classmate, f"Harbour c{number}.")
        if number < 3:
            prompt_create(
                assignment=classroom.assignment, author=classroom.ta, body=f"Harbour p{number}?"
            )
    client = client_for(classroom.student)

    def shown(page) -> list[str]:
        response = search(client, classroom, q="harbour", page=page)
        return [re.search(r"\b[cpt]\d\b", html).group() for _kind, html in found(response)]

    assert [shown(page) for page in (1, 2, 3)] == [["c3", "p2"], ["c2", "p1"], ["c1", "t0"]]
    assert shown(9) == shown(0) == shown(-1) == ["c1", "t0"]
    assert shown("x") == shown("1.5") == ["c3", "p2"]


def test_counting_stops_at_a_thousand(classroom, client_for, monkeypatch):
    monkeypatch.setattr("discussions.search.results.RESULTS_COUNTED", 3)
    for number in range(4):
        say(classroom, classroom.classmate, f"Harbour {number}.")
    response = search(client_for(classroom.student), classroom, q="harbour")
    assert "3 or more results" in response.content.decode()
    assert len(found(response)) == 3
