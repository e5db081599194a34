"""factory_boy factories for every model the tests build."""

import re

import factory
from django.db.models import F

from articles.models import Reading
from articles.quotes import Span, quote_at
from articles.rendering import render_markdown
from articles.services import version_create
from classroom.models import Assignment, Course, Membership, Role, User
from discussions.models import Comment
from discussions.reading.services import comment_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    created_by = factory.SubFactory(UserFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    role = Role.STUDENT


class ReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reading
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Reading {n}")
    byline = "A. Writer"

    @factory.post_generation
    def paragraphs(reading, create, extracted, **kwargs):
        if not create:
            return
        texts = extracted if extracted is not None else [f"Paragraph {i} text." for i in range(5)]
        version_create(reading=reading, paragraphs=texts, created_by=reading.owner)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    course = factory.SubFactory(CourseFactory)
    reading = factory.SubFactory(ReadingFactory)
    created_by = factory.SelfAttribute("course.created_by")
    instructions = "Discuss."
    instructions_html = factory.LazyAttribute(lambda a: render_markdown(a.instructions))


def make_comment(*, author, assignment, paragraph=None, body="A thought.", parent=None):
    """Comments go through the real service so threading fields are always right."""
    paragraph = paragraph or (
        parent.paragraph if parent else assignment.reading.current_paragraphs().first()
    )
    return comment_create(
        author=author, assignment=assignment, paragraph=paragraph, body=body, parent=parent
    )


def add_threads(assignment, paragraph, authors, threads: int, *, replies: int = 1):
    """`threads` thread starts on `paragraph`, each with `replies` replies, bulk-inserted
    with the threading fields the service would give them; the starts, oldest first."""
    body_html = render_markdown("A point.")
    starts = Comment.objects.bulk_create(
        Comment(
            assignment=assignment,
            paragraph=paragraph,
            author=authors[number % len(authors)],
            body="A point.",
            body_html=body_html,
        )
        for number in range(threads)
    )
    Comment.objects.filter(thread_root__isnull=True).update(thread_root=F("pk"))
    Comment.objects.bulk_create(
        Comment(
            assignment=assignment,
            paragraph=paragraph,
            author=authors[(number + 1) % len(authors)],
            parent=start,
            thread_root=start,
            depth=1,
            body="A reply.",
            body_html=body_html,
        )
        for start in starts
        for number in range(replies)
    )
    return starts


def word_span(text: str, first: int, last: int) -> Span:
    """Where words [first, last) of `text` stand (Python indexes: -3 counts from the end)."""
    words = [match.span() for match in re.finditer(r"\S+", text)][first:last]
    return Span(words[0][0], words[-1][1])


def quote_span(anchor, span: Span):
    """Point a comment or note at the words of its paragraph within `span`, as when a reader
    selects them."""
    found = quote_at(anchor.paragraph.text, span)
    anchor.quote, anchor.quote_prefix, anchor.quote_suffix = found.exact, found.prefix, found.suffix
    anchor.quote_start, anchor.quote_end = found.start, found.end
    anchor.save(update_fields=["quote", "quote_prefix", "quote_suffix", "quote_start", "quote_end"])
    return anchor
