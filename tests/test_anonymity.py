"""Anonymous assignments: stable pseudonyms, different in each assignment, never colliding, and
no classmate's real name in anything a student can reach."""

import io
import json
import re
import zipfile
from dataclasses import dataclass

import pytest
from django.urls import reverse

from articles.rendering import render_markdown
from classroom.models import Role
from discussions import pseudonyms
from discussions.models import MAX_DEPTH, Comment, Kind, Pseudonym, Status
from discussions.pseudonyms import NAMES, pseudonym_for
from discussions.reading.phrases import Phrase
from discussions.reading.services import (
    comment_create,
    comment_edit,
    comment_endorse_toggle,
    comment_withdraw,
    prompt_create,
    reaction_toggle,
)
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
PENDING_EDIT = "An edit waiting for review, by"
AUTHOR = re.compile(r'class="comment-author" id="c-(\d+)-author">([^<]*)</span>')
# Real people's names that no pseudonym word or page text could contain by accident.
CLASSMATES = [
    ("marguerite_okonkwo", "Marguerite", "Okonkwo"),
    ("thaddeus_vreeland", "Thaddeus", "Vreeland"),
    ("ottoline_brask", "Ottoline", "Brask"),
    ("casimir_oyelaran", "Casimir", "Oyelaran"),
    ("perpetua_lindgren", "Perpetua", "Lindgren"),
    ("bartholomew_quaye", "Bartholomew", "Quaye"),
]


def real_names(person) -> list[str]:
    names = [person.display_name, person.username, person.get_full_name(), person.email]
    return [name for name in names if name]


def rename(person, username: str, given: str, family: str) -> None:
    person.username, person.first_name, person.last_name = username, given, family
    person.display_name = f"{given} {family}"
    person.email = f"{username}@example.com"
    person.save()


def labels_on(text: str) -> dict[int, str]:
    """comment id -> the author name a page shows for it."""
    return {int(pk): label for pk, label in AUTHOR.findall(text)}


def page_text(response) -> str:
    return response.content.decode() + json.dumps(dict(response.headers.items()))


@dataclass
class Seminar:
    classroom: object
    assignment: object
    student: object
    classmates: list
    prompt: object
    reading_prompt: object
    deep: Comment  # a classmate's reply past the deepest level, naming whom it answers

    @property
    def people(self) -> list:
        return [self.student, *self.classmates]

    def alias(self, person) -> str:
        return Pseudonym.objects.get(assignment=self.assignment, user=person).name


def build_seminar(classroom) -> Seminar:
    """An anonymous discussion with every kind of comment: threads, deep replies, prompt
    answers, a withdrawn comment, an endorsed one and helpful marks."""
    assignment = classroom.assignment
    assignment.anonymous = True
    assignment.save()
    student = classroom.student
    rename(student, "wilhelmina_achterberg", "Wilhelmina", "Achterberg")
    rename(classroom.classmate, *CLASSMATES[0])
    classmates = [classroom.classmate]
    for username, given, family in CLASSMATES[1:]:
        person = UserFactory(username=username)
        rename(person, username, given, family)
        MembershipFactory(user=person, course=classroom.course, role=Role.STUDENT)
        classmates.append(person)
    paragraphs = classroom.paragraphs

    def say(author, body, **where):
        return comment_create(author=author, assignment=assignment, body=body, **where)

    # Every other thread is on a phrase, so the paragraphs carry marks that link to them.
    threads = [
        say(
            person,
            f"Thread {index} by a classmate.",
            paragraph=paragraphs[index % 5],
            phrase=Phrase(exact="text") if index % 2 == 0 else None,
        )
        for index, person in enumerate(classmates)
    ]
    chain = threads[0]
    for person in classmates[1:MAX_DEPTH]:
        chain = say(person, f"Deeper, by {person.first_name[0]}.", parent=chain)
    deep = say(classmates[4], "Answering the deepest reply.", parent=chain)
    assert deep.reply_to == chain
    say(student, "My reply to the first thread.", parent=threads[0])
    own_thread = say(student, "My own *thread*.", paragraph=paragraphs[1])
    say(classmates[5], "A reply to the student.", parent=own_thread)
    prompt = prompt_create(
        assignment=assignment,
        author=classroom.instructor,
        body="What is the second paragraph for?",
        paragraph=paragraphs[1],
    )
    reading_prompt = prompt_create(
        assignment=assignment, author=classroom.instructor, body="One line on the whole essay."
    )
    say(classmates[5], "Answer by a classmate.", prompt=prompt)
    say(classmates[1], "Whole-reading answer by a classmate.", prompt=reading_prompt)
    say(student, "My answer to the prompt.", prompt=prompt)
    gone = say(classmates[2], "Soon withdrawn.", paragraph=paragraphs[3])
    comment_withdraw(comment=gone, author=classmates[2])
    comment_create(
        author=classroom.instructor,
        assignment=assignment,
        paragraph=paragraphs[2],
        body="Instructor thread.",
        kind=Kind.QUESTION,
    )
    comment_endorse_toggle(comment=threads[1], moderator=classroom.instructor)
    reaction_toggle(comment=threads[2], user=student)
    reaction_toggle(comment=own_thread, user=classmates[3])
    # An edit waiting for review, signed with its author's real name: nobody else reads it.
    assignment.premoderate = True
    assignment.save(update_fields=["premoderate"])
    signed = f"{PENDING_EDIT} {classmates[4].first_name} {classmates[4].last_name}"
    comment_edit(comment=threads[4], editor=classmates[4], body=signed)
    assignment.premoderate = False
    assignment.save(update_fields=["premoderate"])
    return Seminar(
        classroom=classroom,
        assignment=assignment,
        student=student,
        classmates=classmates,
        prompt=prompt,
        reading_prompt=reading_prompt,
        deep=deep,
    )


# --- Everything a student can reach ---


def crawl(client, seminar: Seminar, viewer) -> dict[str, object]:
    """Every student-facing response about the assignment, keyed by what was asked."""
    assignment, course = seminar.assignment, seminar.classroom.course
    paragraphs = list(assignment.reading.current_paragraphs())
    reading = assignment.get_absolute_url()
    responses = {}

    def get(key, url, **options):
        responses[key] = client.get(url, **options)

    def post(key, url, data=None, **options):
        responses[key] = client.post(url, data or {}, **options)

    get("reading", reading)
    get("reading-all", reading + "?all=1")
    for value in Kind.values:
        get(f"reading-type-{value}", f"{reading}?all=1&type={value}")
    for paragraph in paragraphs:
        get(f"reading-open-{paragraph.number}", f"{reading}?open={paragraph.pk}")
        fragment = reverse(
            "discussions:paragraph_discussion", args=[course.slug, assignment.pk, paragraph.pk]
        )
        get(f"fragment-{paragraph.number}", fragment, headers=HTMX)
        get(f"fragment-no-js-{paragraph.number}", fragment, follow=True)
    comments = list(assignment.comments.order_by("pk"))
    for comment in comments:
        detail = reverse("discussions:comment", args=[comment.pk])
        reply = reverse("discussions:comment_reply", args=[comment.pk])
        get(f"comment-{comment.pk}", detail, headers=HTMX)
        get(f"comment-no-js-{comment.pk}", detail, follow=True)
        get(f"reply-form-{comment.pk}", reply, headers=HTMX)
        get(f"reply-page-{comment.pk}", reply)
        post(f"reply-refused-{comment.pk}", reply, {"body": ""}, headers=HTMX)
        if comment.author_id == viewer.pk:
            edit = reverse("discussions:comment_edit", args=[comment.pk])
            get(f"edit-form-{comment.pk}", edit, headers=HTMX)
            get(f"edit-page-{comment.pk}", edit)
            post(f"edit-refused-{comment.pk}", edit, {"body": ""}, headers=HTMX)
            get(
                f"withdraw-page-{comment.pk}",
                reverse("discussions:comment_withdraw", args=[comment.pk]),
            )
        else:
            flag = reverse("discussions:comment_flag", args=[comment.pk])
            get(f"flag-form-{comment.pk}", flag, headers=HTMX)
            get(f"flag-page-{comment.pk}", flag)
            post(f"flag-refused-{comment.pk}", flag, {"reason": "nonsense"}, headers=HTMX)
            helpful = reverse("discussions:comment_helpful", args=[comment.pk])
            post(f"helpful-{comment.pk}", helpful, headers=HTMX)
            post(f"helpful-again-{comment.pk}", helpful, headers=HTMX)
            post(f"helpful-no-js-{comment.pk}", helpful, follow=True)
            post(
                f"endorse-refused-{comment.pk}",
                reverse("discussions:comment_endorse", args=[comment.pk]),
                headers=HTMX,
            )
    # Posting: each response is a fragment (or a page) naming people.
    for prompt in (seminar.prompt, seminar.reading_prompt):
        answer = reverse("discussions:prompt_answer", args=[prompt.pk])
        post(f"answer-{prompt.pk}", answer, {"body": "Another answer."}, headers=HTMX)
        post(f"answer-no-js-{prompt.pk}", answer, {"body": "And another."}, follow=True)
        post(f"answer-refused-{prompt.pk}", answer, {"body": ""})
    thread = reverse(
        "discussions:thread_create", args=[course.slug, assignment.pk, paragraphs[0].pk]
    )
    post("thread", thread, {"body": "A new thread."}, headers=HTMX)
    post("thread-no-js", thread, {"body": "A newer thread."}, follow=True)
    post("thread-refused", thread, {"body": ""}, headers=HTMX)
    deep_reply = reverse("discussions:comment_reply", args=[seminar.deep.reply_to_id])
    post("deep-reply", deep_reply, {"body": "Going past the deepest level."}, headers=HTMX)
    post("deep-reply-no-js", deep_reply, {"body": "Past it again."}, follow=True)
    own = Comment.objects.filter(assignment=assignment, author=viewer, status=Status.VISIBLE)
    last = own.latest("pk")
    edit = reverse("discussions:comment_edit", args=[last.pk])
    post("edit", edit, {"body": "Edited words."}, headers=HTMX)
    post("edit-no-js", edit, {"body": "Edited again."}, follow=True)
    withdraw = reverse("discussions:comment_withdraw", args=[last.pk])
    post("withdraw", withdraw, headers=HTMX)
    get("reading-all-after", reading + "?all=1")
    get("notices", reverse("discussions:notices"))
    get("moderation-queue", reverse("discussions:moderation_queue", args=[course.slug]))
    get("course", course.get_absolute_url())
    # Search: every comment's first word as alternatives, then narrowed to each pseudonym.
    search = reverse("discussions:search", args=[course.slug])
    first_words = sorted({comment.body.split()[0].strip(".,:") for comment in comments})
    everything = " OR ".join(first_words[:12])
    get("search", search, data={"q": everything})
    for person in seminar.people:
        alias = seminar.alias(person)
        get(f"search-{alias}", search, data={"q": everything, "person": alias})
    get("home", reverse("classroom:home"))
    get(
        "own-participation",
        reverse("discussions:participation_student", args=[course.slug, assignment.pk, viewer.pk]),
    )
    someone_else = next(person for person in seminar.people if person != viewer)
    get(
        "someone-elses-participation",
        reverse(
            "discussions:participation_student", args=[course.slug, assignment.pk, someone_else.pk]
        ),
    )
    for name in ("participation", "participation_csv", "participation_rubric", "activity"):
        get(name, reverse(f"discussions:{name}", args=[course.slug, assignment.pk]))
    get("downloads", reverse("discussions:downloads", args=[course.slug]))
    for file_format in ("csv", "jsonld"):
        for name, args in staff_downloads(course, assignment, file_format).items():
            get(f"{name}-{file_format}", reverse(f"discussions:{name}", args=args))
        own = reverse("discussions:own_comments_export", args=[course.slug, file_format])
        get(f"own-comments-{file_format}", own)
    container = reverse("discussions:annotation_container", args=[course.slug, assignment.pk])
    get("annotation-container", container)
    return responses


def staff_downloads(course, assignment, file_format) -> dict[str, list]:
    """The whole discussion's downloads, by URL name and arguments."""
    return {
        "course_discussion_export": [course.slug, file_format],
        "assignment_discussion_export": [course.slug, assignment.pk, file_format],
    }


@pytest.mark.parametrize("viewer", ["student", "classmate"])
def test_no_real_name_of_a_classmate_reaches_a_student(viewer, classroom, client_for):
    seminar = build_seminar(classroom)
    person = seminar.student if viewer == "student" else seminar.classmates[3]
    client = client_for(person)
    responses = crawl(client, seminar, person)
    others = [someone for someone in seminar.people if someone != person]
    for key, response in responses.items():
        assert response.status_code < 500, key
        text = page_text(response)
        assert PENDING_EDIT not in text, key
        for other in others:
            for name in real_names(other):
                assert name not in text, f"{key} shows {name!r} to a classmate"
        assert "Anonymous classmate" not in text, key
    # The crawl saw people: every classmate's pseudonym was on the full page.
    everything = page_text(responses["reading-all"])
    for other in others:
        assert seminar.alias(other) in everything
    assert f"{seminar.alias(person)} (you)" in everything
    # Search found classmates' words (a page of them) and named them by pseudonym.
    found = page_text(responses["search"])
    assert sum(seminar.alias(other) in found for other in others) >= 2
    assert '<mark class="phrase"' in everything
    assert len(responses) > 150
    assert responses["own-participation"].status_code == 200
    assert f"Classmates see you as <strong>{seminar.alias(person)}</strong>" in page_text(
        responses["own-participation"]
    )
    assert responses["someone-elses-participation"].status_code == 404
    for name in ("participation", "participation_csv", "participation_rubric", "activity"):
        assert responses[name].status_code == 403
    for file_format in ("csv", "jsonld"):
        for name in staff_downloads(classroom.course, seminar.assignment, file_format):
            assert responses[f"{name}-{file_format}"].status_code == 403
        own = page_text(responses[f"own-comments-{file_format}"])
        assert f"{seminar.alias(person)} (you)" in own
    assert responses["annotation-container"].status_code == 403


def test_staff_downloads_name_students_by_pseudonym_unless_staff_ask_for_names(
    classroom, client_for
):
    seminar = build_seminar(classroom)
    course, assignment = classroom.course, seminar.assignment
    client = client_for(classroom.ta)
    downloads = [
        reverse(f"discussions:{name}", args=args)
        for file_format in ("csv", "jsonld")
        for name, args in staff_downloads(course, assignment, file_format).items()
    ]
    container = reverse("discussions:annotation_container", args=[course.slug, assignment.pk])
    for url in [*downloads, container]:
        text = page_text(client.get(url))
        for person in seminar.people:
            assert seminar.alias(person) in text, url
            for name in real_names(person):
                assert name not in text, f"{url} names {name!r}"
        # Staff go by their own names.
        assert classroom.instructor.display_name in text, url
    for url in downloads:
        text = page_text(client.get(url, {"names": "names"}))
        for person in seminar.people:
            assert f"{person.display_name} (shown to students as {seminar.alias(person)})" in text


def test_deep_replies_name_whom_they_answer_by_pseudonym(classroom, client_for):
    seminar = build_seminar(classroom)
    answered = seminar.deep.reply_to.author
    client = client_for(seminar.student)
    page = client.get(seminar.assignment.get_absolute_url() + "?all=1")
    assert f"replying to @{seminar.alias(answered)}</span>" in page.text
    response = client.post(
        reverse("discussions:comment_reply", args=[seminar.deep.pk]),
        {"body": "Me too, past the deepest level."},
        headers=HTMX,
    )
    assert response.status_code == 201
    assert f"replying to @{seminar.alias(seminar.deep.author)}</span>" in response.text
    for name in real_names(seminar.deep.author):
        assert name not in response.text


def test_a_student_sees_their_own_pseudonym_marked(classroom, client_for):
    seminar = build_seminar(classroom)
    own = seminar.alias(seminar.student)
    page = client_for(seminar.student).get(seminar.assignment.get_absolute_url() + "?all=1")
    assert f"Classmates see you as <strong>{own}</strong>." in page.text
    mine = set(
        Comment.objects.filter(assignment=seminar.assignment, author=seminar.student).values_list(
            "pk", flat=True
        )
    )
    labels = labels_on(page.text)
    assert {labels[pk] for pk in mine} == {f"{own} (you)"}
    others = {label for pk, label in labels.items() if pk not in mine}
    assert not any("(you)" in label for label in others)


def test_staff_see_real_names_beside_pseudonyms(classroom, client_for):
    seminar = build_seminar(classroom)
    for staff in (classroom.instructor, classroom.ta):
        page = client_for(staff).get(seminar.assignment.get_absolute_url() + "?all=1")
        assert "Students appear to each other under pseudonyms; you see real names." in page.text
        labels = labels_on(page.text)
        for person in seminar.people:
            expected = f"{person.display_name} (shown to students as {seminar.alias(person)})"
            written = Comment.objects.filter(
                assignment=seminar.assignment, author=person, status=Status.VISIBLE
            ).values_list("pk", flat=True)
            assert written, person
            for pk in written:
                assert labels[pk] == expected
        # Staff go by their own names, to students too.
        instructor_comment = Comment.objects.get(body="Instructor thread.")
        assert labels[instructor_comment.pk] == classroom.instructor.display_name
        args = [classroom.course.slug, seminar.assignment.pk]
        table = client_for(staff).get(reverse("discussions:participation", args=args))
        assert "it shows real names, with the pseudonym classmates see under each" in table.text
        sheet = client_for(staff).get(reverse("discussions:participation_csv", args=args))
        rows = sheet.content.decode("utf-8-sig").splitlines()
        assert "Pseudonym (seen by classmates)" in rows[0]
        for person in seminar.people:
            assert person.display_name in table.text
            assert f"Pseudonym: {seminar.alias(person)}" in table.text
            assert any(person.username in row and seminar.alias(person) in row for row in rows[1:])


# --- Stable within an assignment ---


def test_pseudonyms_are_the_same_on_every_page_for_every_classmate(classroom, client_for):
    seminar = build_seminar(classroom)
    reading = seminar.assignment.get_absolute_url()
    seen: dict[int, set[str]] = {}
    for viewer in seminar.people:
        client = client_for(viewer)
        pages = [client.get(reading + "?all=1"), client.get(reading + "?all=1")]
        for paragraph in seminar.classroom.paragraphs:
            pages.append(client.get(f"{reading}?open={paragraph.pk}"))
        for comment in seminar.assignment.comments.all():
            pages.append(client.get(comment.get_absolute_url(), headers=HTMX))
        for page in pages:
            for pk, label in labels_on(page.text).items():
                seen.setdefault(pk, set()).add(label.removesuffix(" (you)"))
    comments = {c.pk: c for c in seminar.assignment.comments.select_related("author")}
    for pk, labels in seen.items():
        comment = comments[pk]
        if comment.status == Status.WITHDRAWN:
            assert labels == {"Withdrawn comment"}
        elif comment.author_id == classroom.instructor.pk:
            assert labels == {classroom.instructor.display_name}
        else:
            assert labels == {seminar.alias(comment.author)}, (comment.body, labels)
    assert len({seminar.alias(person) for person in seminar.people}) == len(seminar.people)


def test_pseudonym_for_returns_the_same_name_every_time(classroom):
    assignment = classroom.assignment
    first = pseudonym_for(assignment=assignment, user=classroom.student)
    assert pseudonym_for(assignment=assignment, user=classroom.student) == first
    assert Pseudonym.objects.filter(assignment=assignment, user=classroom.student).count() == 1


def test_anonymity_switched_on_mid_discussion_names_everyone(classroom, client_for):
    """People who wrote before the assignment became anonymous still get their own stable
    pseudonyms, never a shared placeholder or their real names."""
    assignment = classroom.assignment
    writers = [classroom.classmate] + [
        MembershipFactory(course=classroom.course, role=Role.STUDENT).user for _ in range(3)
    ]
    for person, (username, given, family) in zip(writers, CLASSMATES, strict=False):
        rename(person, username, given, family)
        comment_create(
            author=person,
            assignment=assignment,
            paragraph=classroom.paragraphs[0],
            body="Written while names showed.",
        )
    assignment.anonymous = True
    assignment.save()
    url = assignment.get_absolute_url() + f"?open={classroom.paragraphs[0].pk}"
    first = client_for(classroom.student).get(url)
    again = client_for(classroom.student).get(url)
    other_view = client_for(writers[0]).get(url)
    labels = labels_on(first.text)
    assert labels == labels_on(again.text)
    by_author: dict[int, set[str]] = {}
    for comment in assignment.comments.all():
        by_author.setdefault(comment.author_id, set()).add(labels[comment.pk])
    names = [next(iter(found)) for found in by_author.values()]
    assert all(len(found) == 1 for found in by_author.values())
    assert len(set(names)) == len(writers), names
    for person in writers:
        assert person.display_name not in first.text
        assert person.username not in first.text
        assert seminar_alias(assignment, person) in first.text
    other_labels = labels_on(other_view.text)
    for pk, label in labels.items():
        assert other_labels[pk].removesuffix(" (you)") == label


def test_reading_an_anonymous_discussion_writes_nothing(classroom, client_for):
    """Pseudonyms are given when something is written (a post, the assignment turning
    anonymous, a student joining), so opening the page adds no rows, even for a student who
    joined after the assignment turned anonymous and has never posted."""
    assignment = classroom.assignment
    comment_create(
        author=classroom.classmate,
        assignment=assignment,
        paragraph=classroom.paragraphs[0],
        body="Written while names showed.",
    )
    assignment.anonymous = True
    assignment.save()
    newcomer = MembershipFactory(course=classroom.course, role=Role.STUDENT).user
    url = assignment.get_absolute_url() + f"?open={classroom.paragraphs[0].pk}"
    before = Pseudonym.objects.count()
    pages = [
        client_for(person).get(url)
        for person in (newcomer, classroom.student, classroom.classmate, classroom.instructor)
    ]
    assert Pseudonym.objects.count() == before
    assert all(page.status_code == 200 for page in pages)
    own = f"Classmates see you as <strong>{seminar_alias(assignment, newcomer)}</strong>"
    assert own in pages[0].text
    assert seminar_alias(assignment, classroom.classmate) in pages[0].text


def seminar_alias(assignment, person) -> str:
    return Pseudonym.objects.get(assignment=assignment, user=person).name


# --- Different in each assignment ---


def test_pseudonyms_differ_between_assignments_of_one_course(classroom):
    course = classroom.course
    students = [MembershipFactory(course=course, role=Role.STUDENT).user for _ in range(80)]
    first = classroom.assignment
    second = AssignmentFactory(course=course, anonymous=True)
    same = [
        person
        for person in students
        if pseudonym_for(assignment=first, user=person)
        == pseudonym_for(assignment=second, user=person)
    ]
    # By chance about 80 / 1,600 = 0.05 students share a name across the two; 3 would be
    # a one-in-ten-thousand fluke, so more means the assignment does not change the name.
    assert len(same) < 3, [p.username for p in same]


def test_a_students_pseudonym_differs_on_the_second_assignments_page(classroom, client_for):
    course = classroom.course
    students = [MembershipFactory(course=course, role=Role.STUDENT).user for _ in range(30)]
    first = classroom.assignment
    first.anonymous = True
    first.save()
    second = AssignmentFactory(course=course, anonymous=True)
    moved = 0
    for person in students:
        client = client_for(person)
        names = []
        for assignment in (first, second):
            page = client.get(assignment.get_absolute_url())
            names.append(re.search(r"Classmates see you as <strong>([^<]+)</strong>", page.text)[1])
        moved += names[0] != names[1]
    assert moved >= len(students) - 2


# --- Never colliding ---


def add_students(course, count: int) -> list:
    users = UserFactory.create_batch(count)
    for user in users:
        MembershipFactory(user=user, course=course, role=Role.STUDENT)
    return users


def test_three_hundred_students_get_three_hundred_names(classroom, client_for):
    """Each writes a comment; the full page then shows 300 different pseudonyms."""
    assignment = classroom.assignment
    assignment.anonymous = True
    assignment.save()
    students = add_students(classroom.course, 300)
    names = {person.pk: pseudonym_for(assignment=assignment, user=person) for person in students}
    assert len(set(names.values())) == 300
    assert set(names.values()) <= set(NAMES)
    assert len(NAMES) == 1600
    body = "Present."
    # Replies in one thread, which a page shows whole (a paragraph shows twenty threads a page).
    thread = classroom.comment
    Comment.objects.bulk_create(
        Comment(
            assignment=assignment,
            paragraph=thread.paragraph,
            author=person,
            parent=thread,
            thread_root=thread,
            depth=1,
            body=body,
            body_html=render_markdown(body),
        )
        for person in students
    )
    page = client_for(classroom.student).get(assignment.get_absolute_url() + "?all=1")
    by_comment = labels_on(page.text)
    written = dict(
        Comment.objects.filter(assignment=assignment, author__in=students).values_list(
            "pk", "author_id"
        )
    )
    shown = {pk: label for pk, label in by_comment.items() if pk in written}
    assert len(shown) == 300
    assert len(set(shown.values())) == 300
    for pk, author_id in written.items():
        assert shown[pk] == names[author_id]


def test_names_never_collide_when_every_search_starts_in_the_same_place(classroom, monkeypatch):
    monkeypatch.setattr(pseudonyms, "_starting_point", lambda assignment_id, user_id: 0)
    students = add_students(classroom.course, 120)
    names = [pseudonym_for(assignment=classroom.assignment, user=p) for p in students]
    assert len(set(names)) == len(names)


def test_names_never_collide_when_the_base_names_run_out(classroom, monkeypatch):
    """Past the base names come numbered ones ("Amber Heron 2"), still one per student."""
    monkeypatch.setattr(pseudonyms, "NAMES", ["Amber Heron", "Azure Lynx", "Bold Wren"])
    students = add_students(classroom.course, 6)
    names = [pseudonym_for(assignment=classroom.assignment, user=p) for p in students]
    assert len(set(names)) == 6
    assert {"Amber Heron", "Azure Lynx", "Bold Wren"} <= set(names)
    assert any(name.endswith(" 2") for name in names)


def downloaded_data(client) -> str:
    """Everything in a person's "download my data" zip, as one text."""
    response = client.get(reverse("discussions:my_data"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return "".join(archive.read(name).decode() for name in archive.namelist())


def test_a_students_own_data_names_no_classmate(classroom, client_for):
    seminar = build_seminar(classroom)
    text = downloaded_data(client_for(seminar.student))
    assert "My answer to the prompt." in text
    assert seminar.alias(seminar.student) in text
    for other in seminar.classmates:
        for name in real_names(other):
            assert name not in text, f"the download shows {name!r}"
    data = json.loads(
        zipfile.ZipFile(
            io.BytesIO(client_for(seminar.student).get(reverse("discussions:my_data")).content)
        ).read("my-data.json")
    )
    # Their own pseudonym only: never who else goes by which name.
    assert [entry["name"] for entry in data["profile"]["pseudonyms"]] == [
        seminar.alias(seminar.student)
    ]
    # Nobody else's words: not the classmates' threads their replies hang under.
    assert "Thread 0 by a classmate." not in text
    assert "A reply to the student." not in text
