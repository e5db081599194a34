"""Open exports through HTTP: the CSV and Web Annotation downloads, who gets which comments
under which names, and JSON-LD that expands against the W3C context without losing a term."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from pyld import jsonld

from articles.quotes import Span, quote_at
from articles.services import reading_revise
from classroom.models import Assignment
from discussions.models import Comment, Kind, Pseudonym, Status
from discussions.moderation.decisions import comment_hide
from discussions.pseudonyms import pseudonyms_give_everyone
from discussions.reading.services import comment_create, comment_withdraw
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

CONTEXT_FILE = Path(__file__).resolve().parent.parent / "contexts" / "anno.jsonld"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNO_MEDIA_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'


def load_context_from_the_repository(url, options=None):
    """PyLD's document loader: the W3C context from the copy in the repository, and nothing
    from the network."""
    if url.rstrip("/") not in (ANNO_CONTEXT, ANNO_CONTEXT.replace("http:", "https:")):
        raise AssertionError(f"the export asked for a context Colloquy does not ship: {url}")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT_FILE.read_text()),
    }


LOADER = {"documentLoader": load_context_from_the_repository}


def terms_lost_in_expansion(document: dict) -> list:
    """What expanding drops: compacting the expansion again must give the document back, so
    any key, type or value the context does not define shows up as a difference."""
    expanded = jsonld.expand(document, LOADER)
    again = jsonld.compact(expanded, ANNO_CONTEXT, LOADER)
    if again == document:
        return []
    return [json.dumps(document, sort_keys=True), json.dumps(again, sort_keys=True)]


def assert_valid_web_annotation(document: dict) -> None:
    assert document["@context"] == ANNO_CONTEXT
    assert terms_lost_in_expansion(document) == []


def test_a_term_outside_the_context_is_caught():
    """The check can fail: a property the W3C context does not define is dropped."""
    document = {
        "@context": ANNO_CONTEXT,
        "id": "https://colloquy.test/comments/1/",
        "type": "Annotation",
        "status": "hidden",
        "target": "https://colloquy.test/c/x/a/1/",
    }
    assert terms_lost_in_expansion(document)
    del document["status"]
    assert terms_lost_in_expansion(document) == []


def export_url(name: str, classroom, file_format: str, **query) -> str:
    args = [classroom.course.slug]
    if name == "assignment_discussion_export":
        args.append(classroom.assignment.pk)
    return reverse(f"discussions:{name}", args=[*args, file_format], query=query or None)


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def jsonld_export(response) -> dict:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith(ANNO_MEDIA_TYPE)
    assert response["Content-Disposition"].endswith('.jsonld"')
    document = json.loads(response.content)
    assert_valid_web_annotation(document)
    return document


def annotations_in(document: dict) -> list[dict]:
    nodes = document.get("@graph", [document])
    return [item for node in nodes if node["type"] == "AnnotationPage" for item in node["items"]]


def on_phrase(comment: Comment, exact: str) -> Comment:
    text = comment.paragraph.text
    start = text.index(exact)
    quote = quote_at(text, Span(start, start + len(exact)))
    Comment.objects.filter(pk=comment.pk).update(
        quote=quote.exact,
        quote_prefix=quote.prefix,
        quote_suffix=quote.suffix,
        quote_start=quote.start,
        quote_end=quote.end,
    )
    comment.refresh_from_db()
    return comment


@pytest.fixture
def discussion(classroom):
    """Every kind of comment an export meets: a thread on a phrase with a reply, a question,
    one held for review, one hidden, one withdrawn, and one that looks like a formula."""
    assignment, paragraph = classroom.assignment, classroom.paragraphs[1]
    phrase = paragraph.text.split()[1]
    thread = on_phrase(
        make_comment(
            author=classmate_of(classroom),
            assignment=assignment,
            paragraph=paragraph,
            body="What does this word *do* here?",
        ),
        phrase,
    )
    reply = make_comment(
        author=classroom.student,
        assignment=assignment,
        parent=thread,
        body="It slows the sentence down.",
    )
    question = comment_create(
        author=classroom.student,
        assignment=assignment,
        paragraph=classroom.paragraphs[2],
        body="Who is speaking?",
        kind=Kind.QUESTION,
    )
    pending = make_comment(author=classroom.classmate, assignment=assignment, body="Held back.")
    Comment.objects.filter(pk=pending.pk).update(status=Status.PENDING)
    hidden = comment_hide(
        comment=make_comment(author=classroom.classmate, assignment=assignment, body="Rude."),
        moderator=classroom.instructor,
        reason="Be kind.",
    )
    withdrawn = comment_withdraw(
        comment=make_comment(
            author=classroom.student, assignment=assignment, body="Second thoughts."
        ),
        author=classroom.student,
    )
    formula = make_comment(
        author=classroom.classmate, assignment=assignment, body='=HYPERLINK("http://evil.test")'
    )
    return {
        "thread": thread, "reply": reply, "question": question, "pending": pending,
        "hidden": hidden, "withdrawn": withdrawn, "formula": formula,
    }  # fmt: skip


def classmate_of(classroom):
    return classroom.classmate


def test_staff_csv_has_one_row_per_comment_with_its_place_and_status(
    classroom, client_for, discussion
):
    rows = csv_rows(
        client_for(classroom.ta).get(export_url("assignment_discussion_export", classroom, "csv"))
    )
    by_id = {int(row["Comment ID"]): row for row in rows}
    assert set(by_id) == set(
        Comment.objects.filter(assignment=classroom.assignment).values_list("pk", flat=True)
    )
    thread, reply = by_id[discussion["thread"].pk], by_id[discussion["reply"].pk]
    assert thread["Thread ID"] == reply["Thread ID"] == str(discussion["thread"].pk)
    assert reply["Reply to comment ID"] == str(discussion["thread"].pk)
    assert thread["Reply to comment ID"] == ""
    assert thread["Paragraph"] == str(classroom.paragraphs[1].number)
    assert thread["Quoted phrase"] == discussion["thread"].quote != ""
    assert thread["Author"] == classroom.classmate.public_name
    assert thread["Text"] == "What does this word *do* here?"
    assert by_id[discussion["question"].pk]["Reply type"] == "Question"
    assert by_id[discussion["pending"].pk]["Status"] == "Pending review"
    assert by_id[discussion["hidden"].pk]["Status"] == "Hidden by a moderator"
    assert by_id[discussion["hidden"].pk]["Text"] == "Rude."
    withdrawn = by_id[discussion["withdrawn"].pk]
    assert (withdrawn["Status"], withdrawn["Text"]) == ("Withdrawn by author", "")
    assert by_id[discussion["formula"].pk]["Text"] == '\'=HYPERLINK("http://evil.test")'
    assert rows[0]["Written"].startswith("20")


def test_the_course_csv_holds_every_assignment(classroom, client_for, discussion):
    second = Assignment.objects.create(
        course=classroom.course, reading=classroom.assignment.reading,
        created_by=classroom.instructor, instructions="Again.", instructions_html="<p>Again.</p>",
    )  # fmt: skip
    later = make_comment(author=classroom.student, assignment=second, body="Second look.")
    rows = csv_rows(
        client_for(classroom.instructor).get(
            export_url("course_discussion_export", classroom, "csv")
        )
    )
    assert {row["Assignment ID"] for row in rows} == {str(classroom.assignment.pk), str(second.pk)}
    assert str(later.pk) in {row["Comment ID"] for row in rows}


def test_a_student_downloads_only_their_own_comments(classroom, client_for, discussion):
    client = client_for(classroom.student)
    rows = csv_rows(client.get(export_url("own_comments_export", classroom, "csv")))
    own = {discussion[name].pk for name in ("reply", "question", "withdrawn")}
    assert {int(row["Comment ID"]) for row in rows} == own
    # Their own words, even the ones they took back: it is their data.
    assert {row["Author"] for row in rows} == {classroom.student.public_name}
    document = jsonld_export(client.get(export_url("own_comments_export", classroom, "jsonld")))
    assert {item["id"].rsplit("/", 2)[-2] for item in annotations_in(document)} == {
        str(pk) for pk in own
    }
    text = json.dumps(document)
    assert classroom.classmate.public_name not in text
    assert "Rude." not in text and "Held back." not in text


def make_anonymous(assignment) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(anonymous=True)
    assignment.refresh_from_db()
    pseudonyms_give_everyone(assignment=assignment)


def test_anonymous_assignments_export_pseudonyms_unless_staff_choose_names(
    classroom, client_for, discussion
):
    make_anonymous(classroom.assignment)
    alias = Pseudonym.objects.get(assignment=classroom.assignment, user=classroom.classmate).name
    client = client_for(classroom.instructor)
    staff_comment = make_comment(
        author=classroom.instructor,
        assignment=classroom.assignment,
        body="Staff speak as themselves.",
    )
    for url in (
        export_url("assignment_discussion_export", classroom, "csv"),
        export_url("course_discussion_export", classroom, "csv"),
    ):
        response = client.get(url)
        rows = {int(row["Comment ID"]): row for row in csv_rows(response)}
        assert rows[discussion["thread"].pk]["Author"] == alias
        assert rows[staff_comment.pk]["Author"] == classroom.instructor.public_name
        assert classroom.classmate.public_name not in response.content.decode()
    document = jsonld_export(
        client.get(export_url("assignment_discussion_export", classroom, "jsonld"))
    )
    by_id = {item["id"]: item for item in annotations_in(document)}
    thread_id = f"http://testserver/comments/{discussion['thread'].pk}/"
    assert by_id[thread_id]["creator"] == {"type": "Person", "nickname": alias}
    assert classroom.classmate.public_name not in json.dumps(document)

    named = csv_rows(
        client.get(export_url("assignment_discussion_export", classroom, "csv", names="names"))
    )
    author = {int(row["Comment ID"]): row["Author"] for row in named}[discussion["thread"].pk]
    assert author == f"{classroom.classmate.public_name} (shown to students as {alias})"


def test_a_bad_names_choice_is_refused_plainly(classroom, client_for):
    response = client_for(classroom.ta).get(
        export_url("assignment_discussion_export", classroom, "csv", names="everything")
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_an_unknown_file_format_is_not_found(classroom, client_for):
    response = client_for(classroom.ta).get(
        export_url("assignment_discussion_export", classroom, "xlsx")
    )
    assert response.status_code == 404


def test_web_annotations_say_what_each_comment_is_and_where_it_points(
    classroom, client_for, discussion
):
    document = jsonld_export(
        client_for(classroom.instructor).get(
            export_url("assignment_discussion_export", classroom, "jsonld")
        )
    )
    collection, *pages = document["@graph"]
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == Comment.objects.filter(assignment=classroom.assignment).count()
    assert collection["first"] == pages[0]["id"] and collection["last"] == pages[-1]["id"]
    assert all(page["partOf"] == collection["id"] for page in pages)
    by_id = {item["id"]: item for item in annotations_in(document)}

    def annotation_of(name):
        return by_id[f"http://testserver/comments/{discussion[name].pk}/"]

    thread, paragraph = annotation_of("thread"), classroom.paragraphs[1]
    assert thread["motivation"] == ["commenting", "highlighting"]
    assert thread["body"]["type"] == "Choice"
    assert thread["body"]["items"][0] == {
        "type": "TextualBody", "value": "What does this word *do* here?",
        "format": "text/markdown",
    }  # fmt: skip
    target = thread["target"]
    assert target["type"] == "SpecificResource"
    assert target["source"] == "http://testserver" + reverse(
        "discussions:reading_version",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.version.number],
    )
    quote, position = target["selector"]
    fragment = {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
        "value": f"p-{paragraph.pk}",
    }
    comment = discussion["thread"]
    assert quote == fragment | {
        "refinedBy": {
            "type": "TextQuoteSelector", "exact": comment.quote,
            "prefix": comment.quote_prefix, "suffix": comment.quote_suffix,
        }
    }  # fmt: skip
    assert position["refinedBy"] == {
        "type": "TextPositionSelector", "start": comment.quote_start, "end": comment.quote_end,
    }  # fmt: skip
    assert paragraph.text[comment.quote_start : comment.quote_end] == comment.quote

    reply = annotation_of("reply")
    assert reply["motivation"] == "replying"
    assert reply["target"] == thread["id"]
    question = annotation_of("question")
    assert question["motivation"] == "questioning"
    assert question["target"]["selector"] == fragment | {"value": f"p-{classroom.paragraphs[2].pk}"}
    assert question["body"][1] == {"type": "TextualBody", "purpose": "tagging", "value": "question"}
    withdrawn = annotation_of("withdrawn")
    assert "body" not in withdrawn
    assert withdrawn["schema:creativeWorkStatus"] == "withdrawn"
    assert annotation_of("hidden")["schema:creativeWorkStatus"] == "hidden"


def test_long_exports_come_in_pages_that_link_up(classroom, client_for):
    for number in range(101):
        make_comment(author=classroom.student, assignment=classroom.assignment,
                     body=f"Thought {number}.")  # fmt: skip
    document = jsonld_export(
        client_for(classroom.student).get(export_url("own_comments_export", classroom, "jsonld"))
    )
    collection, first, second = document["@graph"]
    assert collection["total"] == 101
    assert (len(first["items"]), len(second["items"])) == (100, 1)
    assert first["next"] == second["id"] and second["prev"] == first["id"]
    assert (first["startIndex"], second["startIndex"]) == (0, 100)
    assert "prev" not in first and "next" not in second


def test_the_downloads_page_offers_staff_the_discussion_and_students_their_own(
    classroom, client_for
):
    staff_page = client_for(classroom.ta).get(
        reverse("discussions:downloads", args=[classroom.course.slug])
    )
    assert staff_page.status_code == 200
    for url in (
        export_url("own_comments_export", classroom, "csv"),
        export_url("course_discussion_export", classroom, "jsonld"),
        export_url("assignment_discussion_export", classroom, "csv"),
        reverse(
            "discussions:annotation_container",
            args=[classroom.course.slug, classroom.assignment.pk],
        ),
    ):
        assert f'"{url}"' in staff_page.text
    assert 'name="names" value="pseudonyms"' in staff_page.text
    student_page = client_for(classroom.student).get(
        reverse("discussions:downloads", args=[classroom.course.slug])
    )
    assert f'"{export_url("own_comments_export", classroom, "jsonld")}"' in student_page.text
    assert export_url("course_discussion_export", classroom, "csv") not in student_page.text
    assert 'name="names"' not in student_page.text


def test_a_student_finds_their_downloads_from_the_course_page(classroom, client_for):
    course_page = client_for(classroom.student).get(classroom.course.get_absolute_url())
    downloads = reverse("discussions:downloads", args=[classroom.course.slug])
    assert f'<a href="{downloads}">Download your comments</a>' in course_page.text


def test_each_annotations_source_serves_the_words_its_selectors_point_into(
    classroom, client_for, discussion
):
    """Before the reading is edited a thread's source leads to the reading page; after, to the
    version its author read, where its paragraph anchor and quoted words still stand."""
    client = client_for(classroom.instructor)
    thread, paragraph = discussion["thread"], classroom.paragraphs[1]

    def thread_target() -> dict:
        response = client.get(export_url("assignment_discussion_export", classroom, "jsonld"))
        by_id = {item["id"]: item for item in annotations_in(jsonld_export(response))}
        return by_id[f"http://testserver/comments/{thread.pk}/"]["target"]

    before = thread_target()
    source = client.get(before["source"].removeprefix("http://testserver"), follow=True)
    assert source.status_code == 200
    assert source.redirect_chain[-1][0] == classroom.assignment.get_absolute_url()
    assert f'id="p-{paragraph.pk}"' in source.text

    reading = classroom.assignment.reading
    reading_revise(
        reading=reading,
        paragraphs=["A new opening.", *(p.text for p in classroom.paragraphs[2:])],
        editor=reading.owner,
    )
    after = thread_target()
    assert after == before
    source = client.get(after["source"].removeprefix("http://testserver"))
    assert source.status_code == 200
    assert "You are reading an earlier version (1)" in source.text
    anchor = after["selector"][0]["value"]
    assert f'id="{anchor}"' in source.text
    position = after["selector"][1]["refinedBy"]
    assert paragraph.text[position["start"] : position["end"]] == thread.quote
    assert paragraph.text in source.text
