"""Twenty students post 200 comments at once to gunicorn with production settings: every
post lands exactly once, none fails, on SQLite (WAL) and on PostgreSQL. And one form posted
many times at once with its posting key lands once."""

import uuid

from tests.live import BOTH_DATABASES, SESSION_CODE, Gunicorn, Response, Visitor, run_threads

STUDENTS = 20
POSTS_EACH = 10

SEED = (
    SESSION_CODE
    + f"""
import json
from tests.factories import AssignmentFactory, MembershipFactory, make_comment

assignment = AssignmentFactory(reading__paragraphs=[f"Paragraph {{i}}." for i in range(8)])
students = [MembershipFactory(course=assignment.course).user for _ in range({STUDENTS})]
paragraphs = list(assignment.reading.current_paragraphs())
opening = make_comment(author=students[0], assignment=assignment, body="Where do we start?")
print(json.dumps({{
    "reading": assignment.get_absolute_url(),
    "threads": [
        f"/c/{{assignment.course.slug}}/a/{{assignment.pk}}/p/{{p.pk}}/comments/"
        for p in paragraphs
    ],
    "reply": f"/comments/{{opening.pk}}/reply/",
    "sessions": [session_for(student) for student in students],
}}))
"""
)


@BOTH_DATABASES
def test_200_concurrent_posts_all_arrive_once_without_errors(scratch_database):
    seeded = scratch_database.python(SEED)
    with Gunicorn(scratch_database.environment) as server:

        def student(index: int) -> list[tuple[str, int]]:
            visitor = Visitor.signed_in(server.base_url, seeded["sessions"][index])
            assert visitor.get(seeded["reading"]).status == 200
            outcomes = []
            for number in range(POSTS_EACH):
                body = f"concurrent-{index:02d}-{number:02d}: ünïcode ✓ and *Markdown*"
                # Threads and replies, as HTMX requests and as plain forms with JS off.
                path = seeded["reply"] if number % 2 else seeded["threads"][number % 8]
                response = visitor.post(path, {"body": body, "kind": ""}, htmx=index % 2 == 0)
                outcomes.append((body, response.status))
            return outcomes

        outcomes = [item for posts in run_threads(STUDENTS, student) for item in posts]

    problems = [(body, status) for body, status in outcomes if status not in (201, 302)]
    assert not problems, f"{len(problems)} posts failed: {problems[:5]}\n{server.log()[-3000:]}"
    assert "database is locked" not in server.log()
    stored = [
        body
        for (body,) in scratch_database.query(
            "SELECT body FROM discussions_comment WHERE body LIKE 'concurrent-%'"
        )
    ]
    assert len(stored) == STUDENTS * POSTS_EACH == 200
    assert sorted(stored) == sorted(body for body, _ in outcomes)


REPEATS = 6

# The rows each form's post leaves, in a database where nothing else wrote such rows.
WRITTEN = {
    "thread": "SELECT COUNT(*) FROM discussions_comment WHERE body = 'Thread once.'",
    "answer": "SELECT COUNT(*) FROM discussions_comment WHERE body = 'Answer once.'",
    "reply": "SELECT COUNT(*) FROM discussions_comment WHERE body = 'Reply once.'",
    "edit": "SELECT COUNT(*) FROM discussions_commentrevision",
    "flag": "SELECT COUNT(*) FROM discussions_flag",
    "note": "SELECT COUNT(*) FROM discussions_note WHERE body = 'Note once.'",
    "note-edit": "SELECT COUNT(*) FROM discussions_note WHERE body = 'Hm, edited once.'",
    "prompt": "SELECT COUNT(*) FROM discussions_prompt WHERE body = 'Prompt once.'",
    "prompt-edit": "SELECT COUNT(*) FROM discussions_moderationaction WHERE kind = 'prompt_change'",
}

REPEATS_SEED = (
    SESSION_CODE
    + """
import json
from django.urls import reverse
from classroom.models import Role
from discussions.notes.services import note_create
from discussions.reading.services import prompt_create
from tests.factories import AssignmentFactory, MembershipFactory, make_comment

assignment = AssignmentFactory(reading__paragraphs=["First.", "Second.", "Third."])
course = assignment.course
instructor = MembershipFactory(course=course, role=Role.INSTRUCTOR).user
student, classmate = (MembershipFactory(course=course).user for _ in range(2))
paragraph = list(assignment.reading.current_paragraphs())[1]
on_paragraph = [course.slug, assignment.pk, paragraph.pk]
prompt = prompt_create(assignment=assignment, author=instructor, body="Why?", paragraph=paragraph)
theirs = make_comment(author=classmate, assignment=assignment, body="Theirs.")
mine = make_comment(author=student, assignment=assignment, body="Mine.")
note = note_create(author=student, assignment=assignment, paragraph=paragraph, body="Hm.")


def form(poster, name, args, data):
    return {"poster": poster, "path": reverse(f"discussions:{name}", args=args), "data": data}


print(json.dumps({
    "reading": assignment.get_absolute_url(),
    "sessions": {"student": session_for(student), "instructor": session_for(instructor)},
    "forms": {
        "thread": form("student", "thread_create", on_paragraph, {"body": "Thread once."}),
        "answer": form("student", "prompt_answer", [prompt.pk], {"body": "Answer once."}),
        "reply": form("student", "comment_reply", [theirs.pk], {"body": "Reply once."}),
        "edit": form("student", "comment_edit", [mine.pk], {"body": "Mine, edited once."}),
        "flag": form("student", "comment_flag", [theirs.pk], {"reason": "spam"}),
        "note": form("student", "note_new", on_paragraph, {"body": "Note once."}),
        "note-edit": form("student", "note_edit", [note.pk], {"body": "Hm, edited once."}),
        "prompt": form(
            "instructor",
            "prompt_new",
            [course.slug, assignment.pk],
            {"body": "Prompt once.", "paragraph": paragraph.pk},
        ),
        "prompt-edit": form("instructor", "prompt_edit", [prompt.pk], {"body": "Why, once?"}),
    },
}))
"""
)


@BOTH_DATABASES
def test_a_form_posted_many_times_at_once_writes_once(scratch_database):
    """Each writing form, posted by REPEATS requests at the same moment under one posting key
    (a proxy retrying, a double click): one row each time, and every request gets the answer
    the first got."""
    seeded = scratch_database.python(REPEATS_SEED)
    assert set(seeded["forms"]) == set(WRITTEN)
    with Gunicorn(scratch_database.environment, workers=REPEATS) as server:
        for name, form in seeded["forms"].items():
            key = str(uuid.uuid4())

            def repeat(_index: int, form=form, key=key) -> Response:
                visitor = Visitor.signed_in(server.base_url, seeded["sessions"][form["poster"]])
                assert visitor.get(seeded["reading"]).status == 200
                return visitor.post(form["path"], form["data"] | {"posting_key": key})

            answers = [
                (answer.status, answer.headers.get("Location"))
                for answer in run_threads(REPEATS, repeat)
            ]
            assert answers == [answers[0]] * REPEATS, f"{name}: {answers}\n{server.log()[-3000:]}"
            assert answers[0][0] == 302, name
            assert scratch_database.query(WRITTEN[name]) == [(1,)], name
