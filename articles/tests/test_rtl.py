"""Readings in other languages: an Arabic page reads right to left and takes comments in any
script; French, Spanish and Czech pages keep their language from import to reading page."""

import json

import lxml.html
import pytest

from articles.importing import extract_reading
from articles.services import draft_create, draft_publish
from classroom.assignments.services import assignment_create
from classroom.models import Role
from discussions.models import Comment
from tests.factories import CourseFactory, MembershipFactory, UserFactory

from . import CORPUS_DIR

pytestmark = pytest.mark.django_db

ARABIC_PAGE = "cnn-arabic-syria-clashes"
# A student's question in Latin script that quotes the Arabic text: mixed direction in one line.
MIXED_COMMENT = "Who holds the depots near «قلدون» now — the same brigades as in paragraph 1?"


def corpus_page(folder: str):
    return CORPUS_DIR / "articles" / folder


@pytest.fixture
def classroom():
    teacher = UserFactory(username="haddad", display_name="Layla Haddad")
    course = CourseFactory(title="Media Arabic", slug="media-arabic", created_by=teacher)
    MembershipFactory(user=teacher, course=course, role=Role.INSTRUCTOR)
    student = MembershipFactory(course=course, user=UserFactory(username="jonas")).user
    return teacher, course, student


def import_and_assign(folder: str, *, teacher, course):
    """The web import's path without the browser: pipeline, draft, publish, assign."""
    source = corpus_page(folder) / "source.html"
    imported = extract_reading(data=source.read_bytes(), filename="source.html")
    reading = draft_publish(draft=draft_create(owner=teacher, imported=imported))
    return imported, assignment_create(course=course, reading=reading, created_by=teacher)


def parse(response):
    assert response.status_code == 200, response.content[:2000]
    return lxml.html.fromstring(response.content)


def with_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


PARAGRAPH_TEXTS = f".//*[{with_class('paragraph-text')}]"


def reading_article(document):
    articles = document.xpath(f"//article[{with_class('reading')}]")
    assert len(articles) == 1
    return articles[0]


def comment_text(document, comment: Comment):
    (element,) = document.xpath(f'//*[@id="c-{comment.pk}-body"]//*[{with_class("comment-text")}]')
    return element


def test_an_arabic_page_reads_right_to_left_and_takes_comments_in_latin(client, classroom):
    teacher, course, student = classroom
    imported, assignment = import_and_assign(ARABIC_PAGE, teacher=teacher, course=course)
    expected = json.loads((corpus_page(ARABIC_PAGE) / "expected.json").read_text("utf-8"))
    assert (imported.lang, imported.dir) == ("ar", "rtl")

    client.force_login(student)
    page = parse(client.get(assignment.get_absolute_url()))
    article = reading_article(page)
    assert article.get("dir") == "rtl"
    assert article.get("lang") == "ar"
    assert article.xpath("string(.//h1)").strip() == expected["title"]
    texts = [text.text_content().strip() for text in article.xpath(PARAGRAPH_TEXTS)]
    assert texts == imported.paragraphs
    assert len(texts) == len(expected["paragraphs"])

    # Post through the ordinary form (JavaScript off) on the second Arabic paragraph.
    paragraph = assignment.reading.current_paragraphs()[1]
    url = f"/c/{course.slug}/a/{assignment.pk}/p/{paragraph.pk}/comments/"
    response = client.post(url, {"body": MIXED_COMMENT})
    assert response.status_code == 302
    comment = Comment.objects.get(author=student)
    assert (comment.paragraph, comment.body) == (paragraph, MIXED_COMMENT)

    # Back on the reading page the comment sits under its paragraph, isolated from the
    # right-to-left text around it so its own first strong character sets its direction.
    page = parse(client.get(response["Location"]))
    section = page.get_element_by_id(paragraph.anchor)
    assert reading_article(page) in section.iterancestors()
    text = comment_text(page, comment)
    assert section in text.iterancestors()
    assert text.get("dir") == "auto"
    assert text.text_content().strip() == MIXED_COMMENT

    # The inline (htmx) answer carries the same isolation.
    response = client.post(url, {"body": f"And again: {MIXED_COMMENT}"}, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 201)
    reply = Comment.objects.filter(author=student).latest("pk")
    fragment = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    assert comment_text(fragment, reply).get("dir") == "auto"


@pytest.mark.parametrize(
    ("folder", "lang"),
    [
        ("lemonde-loi-renseignement", "fr"),
        ("lanacion-cuestion-mapuche", "es"),
        ("aktualne-west-ham", "cs"),
    ],
)
def test_french_spanish_and_czech_pages_keep_their_language(client, classroom, folder, lang):
    teacher, course, student = classroom
    expected = json.loads((corpus_page(folder) / "expected.json").read_text("utf-8"))
    assert expected["lang"] == lang  # the corpus README's table, checked against the gold
    imported, assignment = import_and_assign(folder, teacher=teacher, course=course)
    assert (imported.lang, imported.dir) == (lang, "ltr")
    assert (assignment.reading.language, assignment.reading.direction) == (lang, "ltr")

    client.force_login(student)
    article = reading_article(parse(client.get(assignment.get_absolute_url())))
    assert (article.get("lang"), article.get("dir")) == (lang, "ltr")
