"""The record: the course audit log and its CSV, a comment's revision history, the admin's
data-erasure action, a full moderation scenario counted row by row, and a scan proving no
code path deletes comments, revisions or audit rows."""

import ast
import csv
import html
import io
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from classroom.access import STAFF
from classroom.models import Role
from discussions.audit import trail
from discussions.audit.erasure import ERASED
from discussions.audit.history import word_diff
from discussions.audit.trail import record
from discussions.audit.views import AUDIT_PAGE_SIZE
from discussions.models import Comment, CommentRevision, ModerationAction, Status
from discussions.moderation.decisions import (
    comment_approve,
    comment_flag,
    comment_hide,
    comment_pin_toggle,
    flags_dismiss,
    thread_lock_toggle,
)
from discussions.moderation.suspensions import member_suspend
from discussions.participation import grades_csv
from tests.factories import MembershipFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind
HTMX = {"HX-Request": "true"}


def text(response) -> str:
    """The page as a person reads it (entities such as &#x27; turned back into characters)."""
    return html.unescape(response.content.decode())


def audit_url(classroom, **query):
    url = reverse("discussions:audit", args=[classroom.course.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def add_actions(classroom, count: int, *, kind=Kind.PIN, reason="Row"):
    ModerationAction.objects.bulk_create(
        ModerationAction(
            course=classroom.course,
            comment=classroom.comment,
            subject=classroom.classmate,
            actor=classroom.ta,
            kind=kind,
            reason=f"{reason} {number}",
            from_status=Status.VISIBLE,
            to_status=Status.VISIBLE,
        )
        for number in range(count)
    )


def rows(page: str) -> list[str]:
    return re.findall(r'<tr id="action-(\d+)"', page)


# --- The audit log page ---


def test_staff_see_who_what_when_why_and_the_status_change_newest_first(classroom, client_for):
    comment_hide(
        comment=classroom.comment, moderator=classroom.ta, reason="Names a classmate unkindly."
    )
    comment_approve(comment=classroom.comment, moderator=classroom.instructor)

    for viewer in (classroom.ta, classroom.instructor, classroom.admin):
        response = client_for(viewer).get(audit_url(classroom))
        assert response.status_code == 200
        page = text(response)
        hide, restore = ModerationAction.objects.order_by("pk")
        assert rows(page) == [str(restore.pk), str(hide.pk)]
        assert "Hidden" in page and "Restored" in page
        assert classroom.ta.public_name in page and classroom.instructor.public_name in page
        assert classroom.classmate.public_name in page  # whom it concerns
        assert "Names a classmate unkindly." in page
        assert "Visible → Hidden by a moderator" in page
        assert "Hidden by a moderator → Visible" in page
        assert reverse("discussions:comment", args=[classroom.comment.pk]) in page
        assert reverse("discussions:comment_history", args=[classroom.comment.pk]) in page
        assert 'method="post"' not in page.split('id="main"')[1]  # nothing here changes a row


def test_log_shows_only_this_course(classroom, client_for):
    other_course = classroom.other_assignment.course
    record(course=other_course, actor=classroom.admin, kind=Kind.SUSPEND, reason="Elsewhere.")
    add_actions(classroom, 1)

    page = text(client_for(classroom.instructor).get(audit_url(classroom)))

    assert "Elsewhere." not in page
    assert len(rows(page)) == 1


def test_a_ta_of_another_course_gets_404(classroom, client_for):
    other_ta = MembershipFactory(course=classroom.other_assignment.course, role=Role.TA).user

    assert client_for(other_ta).get(audit_url(classroom)).status_code == 404


def test_pages_of_fifty(classroom, client_for):
    add_actions(classroom, 2 * AUDIT_PAGE_SIZE + 7)
    newest_first = list(
        ModerationAction.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    )
    client = client_for(classroom.instructor)

    first = text(client.get(audit_url(classroom)))
    third = text(client.get(audit_url(classroom, page=3)))
    beyond = text(client.get(audit_url(classroom, page=99)))
    nonsense = client.get(audit_url(classroom, page="x"))

    assert rows(first) == [str(pk) for pk in newest_first[:AUDIT_PAGE_SIZE]]
    assert rows(third) == [str(pk) for pk in newest_first[2 * AUDIT_PAGE_SIZE :]]
    assert "Page 1 of 3" in first and "Page 3 of 3" in third
    assert "107 entries, showing 1–50" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert rows(beyond) == rows(third)
    assert nonsense.status_code == 200


def test_filter_by_kind(classroom, client_for):
    add_actions(classroom, 3, kind=Kind.PIN)
    add_actions(classroom, 2, kind=Kind.LOCK_THREAD)
    client = client_for(classroom.ta)

    locks = text(client.get(audit_url(classroom, kind="lock_thread")))
    unknown = text(client.get(audit_url(classroom, kind="drop_table")))
    none_yet = text(client.get(audit_url(classroom, kind="erase")))

    assert len(rows(locks)) == 2 and "Pinned" not in locks.split("<tbody>")[1]
    assert "?kind=lock_thread" in locks  # the CSV link keeps the filter
    assert len(rows(unknown)) == 5
    assert "No actions of this kind yet." in none_yet


@pytest.mark.parametrize("size", [3, 2 * AUDIT_PAGE_SIZE + 1])
def test_the_log_costs_a_fixed_number_of_queries(
    classroom, client_for, django_assert_max_num_queries, size
):
    add_actions(classroom, size)
    record(
        course=classroom.course, subject=classroom.student, actor=classroom.instructor,
        kind=Kind.SUSPEND, reason="No comment attached.",
    )  # fmt: skip
    client = client_for(classroom.instructor)

    with django_assert_max_num_queries(8):
        response = client.get(audit_url(classroom, page=2 if size > AUDIT_PAGE_SIZE else 1))
    assert response.status_code == 200


# --- The CSV ---


def read_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_holds_every_row_with_formulas_neutralised(classroom, client_for):
    sneaky = MembershipFactory(
        course=classroom.course, user=UserFactory(username="+sneaky", display_name="@SUM(A1)")
    ).user
    comment = make_comment(author=sneaky, assignment=classroom.assignment, body="Hello.")
    comment_hide(comment=comment, moderator=classroom.ta, reason='=HYPERLINK("http://x.test")')
    comment_hide(comment=classroom.comment, moderator=classroom.ta, reason="-1 for tone")
    add_actions(classroom, 2 * AUDIT_PAGE_SIZE)  # more than a page: the CSV has them all

    exported = read_csv(client_for(classroom.instructor).get(audit_csv_url(classroom)))

    assert len(exported) == 2 * AUDIT_PAGE_SIZE + 2
    assert list(exported[0]) == trail.csv_header(classroom.course)
    by_reason = {row["Reason"]: row for row in exported}
    hidden = by_reason["""'=HYPERLINK("http://x.test")"""]
    assert hidden["Concerning"] == "'@SUM(A1)"
    assert hidden["Concerning (username)"] == "'+sneaky"
    assert (hidden["Action"], hidden["Status before"], hidden["Status after"]) == (
        "Hidden",
        "Visible",
        "Hidden by a moderator",
    )
    assert hidden["Comment"].endswith(reverse("discussions:comment_history", args=[comment.pk]))
    assert "'-1 for tone" in by_reason
    for row in exported:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_uses_the_shared_spreadsheet_helper():
    assert trail.spreadsheet_safe is grades_csv.spreadsheet_safe


def audit_csv_url(classroom, **query):
    url = reverse("discussions:audit_csv", args=[classroom.course.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_csv_follows_the_kind_filter(classroom, client_for):
    add_actions(classroom, 3, kind=Kind.PIN)
    add_actions(classroom, 2, kind=Kind.UNPIN)

    exported = read_csv(client_for(classroom.ta).get(audit_csv_url(classroom, kind="unpin")))

    assert [row["Action"] for row in exported] == ["Unpinned", "Unpinned"]


@pytest.mark.parametrize("size", [2, 300])
def test_csv_costs_a_fixed_number_of_queries(
    classroom, client_for, django_assert_max_num_queries, size
):
    add_actions(classroom, size)
    client = client_for(classroom.instructor)

    with django_assert_max_num_queries(7):
        assert client.get(audit_csv_url(classroom)).status_code == 200


# --- Revision history ---


def history_url(comment):
    return reverse("discussions:comment_history", args=[comment.pk])


def edit(client, comment, body):
    response = client.post(reverse("discussions:comment_edit", args=[comment.pk]), {"body": body})
    assert response.status_code == 302, response.content[:500]


@pytest.mark.parametrize(
    ("before", "after", "diff"),
    [
        ("The cat sat down.", "The dog sat down.", "The <del>cat</del><ins>dog</ins> sat down."),
        ("One.", "One. Two.", "One.<ins> Two.</ins>"),
        ("It sat.", "It sat there.", "It sat<ins> there</ins>."),
        ("First.\nSecond.", "First.\nThird.", "First.\n<del>Second</del><ins>Third</ins>."),
        ("", "New words.", "<ins>New words.</ins>"),
        ("Same.", "Same.", "Same."),
    ],
)
def test_word_diff_marks_removed_and_added_words(before, after, diff):
    assert str(word_diff(before, after)) == diff


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("! " * 5000, "? " * 5000),
        ("a\n" * 5000, "a\n" * 2500 + "b\n" * 2500),
        (" ".join(f"w{i % 50}" for i in range(3300)), " ".join(f"w{i % 47}" for i in range(3300))),
    ],
    ids=["repeated marks", "repeated lines", "small vocabulary"],
)
def test_word_diff_of_pathological_text_is_quick(before, after):
    started = time.perf_counter()

    diff = str(word_diff(before, after))

    assert time.perf_counter() - started < 0.5
    assert (
        html.unescape(re.sub(r"</?(ins|del)>", "", re.sub(r"<del>.*?</del>", "", diff, flags=re.S)))
        == after
    )


def test_word_diff_escapes_user_text():
    diff = str(word_diff("<b>safe</b> & sound", '<script>alert("x")</script> & sound'))

    assert "<script>" not in diff and "<b>" not in diff
    assert "&lt;<del>b</del><ins>script</ins>&gt;" in diff
    assert "<ins>alert(&quot;x&quot;)</ins>" in diff
    assert "&amp; sound" in diff
    assert re.sub(r"<(ins|del)>|</(ins|del)>", "", diff).count("<") == 0


def test_history_shows_every_wording_with_diffs_and_the_audit_rows(classroom, client_for):
    author = client_for(classroom.student)
    comment = make_comment(
        author=classroom.student, assignment=classroom.assignment, body="The cat sat."
    )
    edit(author, comment, "The dog sat.")
    edit(author, comment, "The dog sat <script>alert(1)</script> quietly.")
    comment.refresh_from_db()
    comment_hide(comment=comment, moderator=classroom.ta, reason="Please remove the code.")

    response = client_for(classroom.ta).get(history_url(comment))

    assert response.status_code == 200
    raw = response.content.decode()
    assert "The <del>cat</del><ins>dog</ins> sat." in raw
    assert "sat<ins> &lt;script&gt;alert(1)&lt;/script&gt; quietly</ins>." in raw
    assert "<script>alert(1)" not in raw
    page = text(response)
    assert "Original wording" in page and "Wording 2" in page and "Current wording" in page
    assert "3 wordings" in page
    assert "Please remove the code." in page and classroom.ta.public_name in page
    assert "Visible → Hidden by a moderator" in page


def test_the_author_sees_their_own_history_without_moderator_names(classroom, client_for):
    client = client_for(classroom.student)
    comment = make_comment(author=classroom.student, assignment=classroom.assignment, body="A b.")
    edit(client, comment, "A c.")
    comment.refresh_from_db()
    comment_hide(comment=comment, moderator=classroom.ta, reason="Off topic.")

    page = text(client_for(classroom.student).get(history_url(comment)))

    assert "History of your comment" in page
    assert "Off topic." in page and "A moderator" in page
    assert classroom.ta.public_name not in page


def test_who_may_see_a_history(classroom, client_for):
    visible = classroom.comment  # the classmate's
    pending = make_comment(author=classroom.classmate, assignment=classroom.assignment)
    Comment.objects.filter(pk=pending.pk).update(status=Status.PENDING)

    assert client_for(classroom.classmate).get(history_url(visible)).status_code == 200
    student = client_for(classroom.student)
    refused = student.get(history_url(visible))
    assert refused.status_code == 403
    assert str(STAFF.refusal) in text(refused)
    assert student.get(history_url(pending)).status_code == 404  # not even its existence
    assert client_for(classroom.other_student).get(history_url(visible)).status_code == 404
    assert client_for(classroom.outsider).get(history_url(visible)).status_code == 404
    assert client_for(classroom.ta).get(history_url(pending)).status_code == 200
    assert student.get(reverse("discussions:comment_history", args=[99999])).status_code == 404


def test_the_edited_mark_links_to_the_history_for_staff_and_the_author(classroom, client_for):
    edit(client_for(classroom.classmate), classroom.comment, "Second thoughts.")
    reading = reverse("discussions:reading", args=[classroom.course.slug, classroom.assignment.pk])
    link = f'href="{history_url(classroom.comment)}"'

    for viewer in (classroom.ta, classroom.instructor, classroom.classmate):
        assert link in client_for(viewer).get(reading, {"all": "1"}).content.decode()
    page = client_for(classroom.student).get(reading, {"all": "1"}).content.decode()
    assert link not in page and 'class="comment-edited">edited<' in page


@pytest.mark.parametrize("edits", [1, 25])
def test_history_costs_a_fixed_number_of_queries(
    classroom, client_for, django_assert_max_num_queries, edits
):
    client = client_for(classroom.classmate)
    for number in range(edits):
        edit(client, classroom.comment, f"Wording number {number}.")
        comment_pin_toggle(comment=classroom.comment, moderator=classroom.ta)
    client = client_for(classroom.instructor)

    # Nine, and one for the header's "Readings" link (may the instructor teach?).
    with django_assert_max_num_queries(10):
        assert client.get(history_url(classroom.comment)).status_code == 200


# --- Data erasure in the admin ---


def changelist():
    return reverse("admin:discussions_comment_changelist")


def erase(client, comments, **extra):
    data = {"action": "erase_text", ACTION_CHECKBOX_NAME: [c.pk for c in comments]} | extra
    return client.post(changelist(), data)


def test_a_site_admin_erases_text_with_a_reason_after_confirming(classroom, client_for):
    client = client_for(classroom.admin)
    comment = classroom.comment
    edit(client_for(classroom.classmate), comment, "Something I regret writing.")
    client = client_for(classroom.admin)
    comments_before = Comment.objects.count()

    confirm = erase(client, [comment])
    assert confirm.status_code == 200
    assert "Erase text at the author's request" in text(confirm)
    assert 'name="reason"' in text(confirm)
    comment.refresh_from_db()
    assert comment.body == "Something I regret writing."  # nothing yet

    no_reason = erase(client, [comment], confirm_erase="yes", reason="  ")
    assert no_reason.status_code == 422
    assert "Give the reason for erasing" in text(no_reason)
    assert not ModerationAction.objects.filter(kind=Kind.ERASE).exists()

    done = erase(client, [comment], confirm_erase="yes", reason="Request #12 from the author.")
    assert done.status_code == 302
    comment.refresh_from_db()
    assert comment.body == ERASED and "regret" not in comment.body_html
    assert set(comment.revisions.values_list("body", flat=True)) == {ERASED}
    row = ModerationAction.objects.get(kind=Kind.ERASE)
    assert (row.comment, row.actor, row.reason) == (
        comment,
        classroom.admin,
        "Request #12 from the author.",
    )
    assert Comment.objects.count() == comments_before

    again = erase(client, [comment])
    assert "already erased" in text(again)
    assert 'name="reason"' not in text(again)


def test_staff_who_are_not_superusers_cannot_erase(classroom, client_for):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__endswith="_comment"))
    client = client_for(clerk)
    assert client.get(changelist()).status_code == 200
    assert "erase_text" not in client.get(changelist()).content.decode()

    erase(client, [classroom.comment], confirm_erase="yes", reason="Because.")

    classroom.comment.refresh_from_db()
    assert classroom.comment.body == "First *thoughts*."
    assert not ModerationAction.objects.filter(kind=Kind.ERASE).exists()


def test_the_admin_cannot_add_change_or_delete_comments_revisions_or_audit_rows(
    classroom, client_for, admin_user
):
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = classroom.admin
    for model in (Comment, CommentRevision, ModerationAction):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), inline
            assert inline.can_delete is False, inline


# --- A whole scenario, counted ---


class Ledger:
    """Counts rows after each step and checks the record only ever grows."""

    def __init__(self):
        self.counts = []
        self.step()

    def step(self):
        now = (
            Comment.objects.count(),
            CommentRevision.objects.count(),
            ModerationAction.objects.count(),
        )
        if self.counts:
            assert all(new >= old for new, old in zip(now, self.counts[-1], strict=True)), (
                f"a count went down: {self.counts[-1]} -> {now}"
            )
        self.counts.append(now)


def test_a_full_moderation_scenario_leaves_one_audit_row_per_decision(classroom, client_for):
    ledger = Ledger()
    student, ta = classroom.student, classroom.ta
    post = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, classroom.paragraphs[2].pk],
    )

    # The student posts and edits.
    assert client_for(student).post(post, {"body": "My first take."}).status_code == 302
    mine = Comment.objects.get(body="My first take.")
    ledger.step()
    edit(client_for(student), mine, "My first take, revised.")
    ledger.step()
    # A TA hides it; the student edits (resubmits); the TA approves; the student withdraws.
    comment_hide(comment=mine, moderator=ta, reason="Please cite the paragraph.")
    ledger.step()
    mine.refresh_from_db()
    edit(client_for(student), mine, "My first take, citing paragraph 3.")
    ledger.step()
    mine.refresh_from_db()
    assert mine.status == Status.PENDING
    comment_approve(comment=mine, moderator=ta)
    ledger.step()
    withdraw = reverse("discussions:comment_withdraw", args=[mine.pk])
    assert client_for(student).post(withdraw).status_code == 302
    ledger.step()
    # A classmate flags another comment; the TA dismisses the flag, locks and pins the thread.
    other = classroom.comment
    comment_flag(comment=other, flagger=student, reason="off_topic")
    flags_dismiss(comment=other, moderator=ta)
    ledger.step()
    thread_lock_toggle(comment=other, moderator=ta)
    comment_pin_toggle(comment=other, moderator=ta)
    ledger.step()
    # The instructor suspends the student; a site admin erases the withdrawn comment.
    member_suspend(
        course=classroom.course, user=student, moderator=classroom.instructor, days=2,
        reason="Cooling off.",
    )  # fmt: skip
    ledger.step()
    admin = client_for(classroom.admin)
    assert erase(admin, [mine], confirm_erase="yes", reason="Author's request.").status_code == 302
    ledger.step()

    kinds = list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        Kind.HIDE,
        Kind.RESUBMIT,
        Kind.APPROVE,
        Kind.WITHDRAW,
        Kind.DISMISS_FLAGS,
        Kind.LOCK_THREAD,
        Kind.PIN,
        Kind.SUSPEND,
        Kind.ERASE,
    ]
    changes = list(
        ModerationAction.objects.filter(comment=mine)
        .order_by("pk")
        .values_list("kind", "from_status", "to_status")
    )
    assert changes == [
        (Kind.HIDE, Status.VISIBLE, Status.HIDDEN),
        (Kind.RESUBMIT, Status.HIDDEN, Status.PENDING),
        (Kind.APPROVE, Status.PENDING, Status.VISIBLE),
        (Kind.WITHDRAW, Status.VISIBLE, Status.WITHDRAWN),
        (Kind.ERASE, Status.WITHDRAWN, Status.WITHDRAWN),
    ]
    assert mine.revisions.count() == 2
    assert ledger.counts[0][0] + 1 == ledger.counts[-1][0]  # one comment added, none removed
    # Every row is on the audit page, and the erased comment's history keeps only tombstones.
    page = text(client_for(classroom.instructor).get(audit_url(classroom)))
    assert len(rows(page)) == 9
    history = text(client_for(classroom.instructor).get(history_url(mine)))
    assert "My first take" not in history and ERASED in history


# --- No code path deletes the record ---

PROTECTED = re.compile(
    r"\b(Comment|CommentRevision|ModerationAction)\b"
    r"|\b\w*(comment|revision|replies|thread|actions?)\w*\b",
    re.IGNORECASE,
)
# Receivers that match PROTECTED's broad net but are not comments, revisions or audit rows:
# (file, the receiver as written). Keep this list short and explain every entry.
ALLOWED = {
    # A comment's helpful marks, removed when a student takes theirs back.
    ("discussions/reading/services.py", "Reaction.objects.filter(comment=comment, user=user)"),
}
DELETE_METHODS = {"delete", "_raw_delete"}


def _receiver_chain(node: ast.expr) -> list[str]:
    """The names a call chain is made of, without its arguments:
    `Reaction.objects.filter(comment=c)` -> ["Reaction", "objects", "filter"]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return list(reversed(names))
        else:
            return list(reversed(names))


def project_python_files():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0].startswith(".") or "migrations" in relative.parts:
            continue
        yield relative, path.read_text(encoding="utf-8")


def delete_calls():
    """Every `<something>.delete(...)` in the project's own code, found with a regex and
    located with the parser so chains split over lines are read whole."""
    for relative, source in project_python_files():
        if not re.search(r"\.\s*(_raw_)?delete\s*\(", source):
            continue
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in DELETE_METHODS
            ):
                receiver = ast.get_source_segment(source, node.func.value)
                chain = " ".join(_receiver_chain(node.func.value))
                yield relative.as_posix(), receiver, chain, node.lineno


def test_no_code_path_deletes_comments_revisions_or_audit_rows():
    offenders = [
        f"{path}:{line}: {receiver}.delete()"
        for path, receiver, chain, line in delete_calls()
        if PROTECTED.search(chain) and (path, receiver) not in ALLOWED
    ]

    assert not offenders, "Deletes that may remove the record:\n" + "\n".join(offenders)


def test_the_scan_finds_deletes_and_the_allow_list_is_still_needed():
    found = {(path, receiver) for path, receiver, _, _ in delete_calls()}
    assert found >= ALLOWED, "an allowed delete no longer exists: shrink ALLOWED"
    # The scan sees through chains split over lines and through related managers.
    sample = (
        "comment.revisions.all().delete()\n"
        "Comment.objects.filter(\n    pk=1,\n).delete()\n"
        "action.delete()\n"
        "self.group.delete()\n"
    )
    chains = [
        " ".join(_receiver_chain(node.func.value))
        for node in ast.walk(ast.parse(sample))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "delete"
    ]
    assert [bool(PROTECTED.search(chain)) for chain in sorted(chains)] == [
        True,  # Comment objects filter
        True,  # action
        True,  # comment revisions all
        False,  # self group
    ]
