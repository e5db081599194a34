"""Twenty students post 200 comments at once to gunicorn with production settings: every
post lands exactly once, none fails, on SQLite (WAL) and on PostgreSQL."""

from tests.live import BOTH_DATABASES, SESSION_CODE, Gunicorn, Visitor, run_threads

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
