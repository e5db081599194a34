"""Pages that list things use a fixed number of queries however much there is to list."""

import random
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.models import ReadingDraft
from articles.rendering import render_markdown
from articles.services import reading_revise
from classroom.lti.models import AssignmentLink, CourseLink, Deployment, Identity, Platform
from classroom.models import Membership, PostFirst, Role
from discussions.models import (
    MAX_DEPTH,
    Comment,
    GradeSend,
    Kind,
    Notice,
    Reaction,
    ScoreOverride,
    Status,
)
from discussions.notes.services import note_create
from discussions.pseudonyms import pseudonym_for
from discussions.reading import live
from discussions.reading.phrases import Phrase
from discussions.reading.services import comment_create, prompt_create
from tests.factories import AssignmentFactory, MembershipFactory, ReadingFactory, make_comment

pytestmark = pytest.mark.django_db

# Session, user, course or assignment, membership, the page's own lists: a dozen at most,
# plus one for the header's "Readings" link (may this person teach? with TEACHING_SIGNUP=approved)
# and one for the reader's own private notes beside the reading's paragraphs.
BUDGET = 14
FEW, MANY = 10, 500


def add_comments(assignment, authors, count: int, *, seed: int) -> list[Comment]:
    """Bulk-create `count` threaded comments: ~30% start threads, the rest reply at any depth.

    Rows are written depth by depth with the same parent, thread_root and depth the service
    would give them, plus a few withdrawn comments and a few deep replies that name the
    comment they answer, so every branch of the page's template is exercised.
    """
    rng = random.Random(seed)
    paragraphs = list(assignment.reading.current_paragraphs())
    existing = list(assignment.comments.all())
    plan = []  # (depth, parent) pairs, parents always planned before their replies
    for index in range(count):
        candidates = [node for node in plan + existing if _depth(node) < MAX_DEPTH - 1]
        if index == 0 or rng.random() < 0.3 or not candidates:
            plan.append({"depth": 0, "parent": None, "paragraph": rng.choice(paragraphs)})
        else:
            parent = rng.choice(candidates)
            plan.append(
                {"depth": _depth(parent) + 1, "parent": parent, "paragraph": _paragraph(parent)}
            )
    created = []
    for depth in range(MAX_DEPTH):
        level = [node for node in plan if node["depth"] == depth]
        rows = []
        for node in level:
            parent = node["parent"]
            parent_comment = parent["comment"] if isinstance(parent, dict) else parent
            body = f"Comment {len(created) + len(rows)} on *this* point."
            names_whom = depth == MAX_DEPTH - 1 and rng.random() < 0.3
            rows.append(
                Comment(
                    assignment=assignment,
                    paragraph=node["paragraph"],
                    author=rng.choice(authors),
                    parent=parent_comment,
                    thread_root_id=parent_comment.thread_root_id if parent_comment else None,
                    reply_to=parent_comment if names_whom else None,
                    depth=depth,
                    body=body,
                    body_html=render_markdown(body),
                    status=Status.WITHDRAWN if rng.random() < 0.05 else Status.VISIBLE,
                )
            )
        Comment.objects.bulk_create(rows)
        if depth == 0:
            Comment.objects.filter(thread_root__isnull=True).update(thread_root=F("pk"))
            for comment in rows:
                comment.thread_root_id = comment.pk
        for node, comment in zip(level, rows, strict=True):
            node["comment"] = comment
        created.extend(rows)
    return created


def _depth(node) -> int:
    return node["depth"] if isinstance(node, dict) else node.depth


def _paragraph(node):
    return node["paragraph"] if isinstance(node, dict) else node.paragraph


def add_students(course, count: int) -> list:
    return [MembershipFactory(course=course, role=Role.STUDENT).user for _ in range(count)]


def grow(classroom, comments: int, students: int, *, seed: int):
    """Add students to the course and comments by them (and the usual cast) to its assignment."""
    authors = [classroom.student, classroom.classmate, classroom.ta, classroom.instructor]
    authors += add_students(classroom.course, students)
    add_comments(classroom.assignment, authors, comments, seed=seed)


def busiest_paragraph(assignment):
    visible = assignment.comments.filter(status=Status.VISIBLE)
    counts = Counter(visible.values_list("paragraph_id", flat=True))
    return max(counts, key=counts.get)


def measure(client, url, django_assert_max_num_queries, *, budget=BUDGET, **headers) -> int:
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def reading(classroom, **query):
    url = classroom.assignment.get_absolute_url()
    if query == {"open": "busiest"}:
        query = {"open": busiest_paragraph(classroom.assignment)}
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


PAGES = {
    "reading": lambda c: reading(c),
    "reading-one-open": lambda c: reading(c, open="busiest"),
    "reading-all-open": lambda c: reading(c, all=1),
    "reading-questions": lambda c: reading(c, all=1, type="question"),
    "paragraph-discussion": lambda c: reverse(
        "discussions:paragraph_discussion",
        args=[c.course.slug, c.assignment.pk, busiest_paragraph(c.assignment)],
    ),
    "course": lambda c: c.course.get_absolute_url(),
    "roster": lambda c: reverse("classroom:roster", args=[c.course.slug]),
    "invite": lambda c: reverse("classroom:course_invite", args=[c.course.slug]),
    "join-link": lambda c: c.course.join_url,
    "home": lambda c: reverse("classroom:home"),
    "downloads": lambda c: reverse("discussions:downloads", args=[c.course.slug]),
    "course-discussion-csv": lambda c: reverse(
        "discussions:course_discussion_export", args=[c.course.slug, "csv"]
    ),
    "assignment-discussion-jsonld": lambda c: reverse(
        "discussions:assignment_discussion_export", args=[c.course.slug, c.assignment.pk, "jsonld"]
    ),
    "own-comments-jsonld": lambda c: reverse(
        "discussions:own_comments_export", args=[c.course.slug, "jsonld"]
    ),
    "annotation-container": lambda c: reverse(
        "discussions:annotation_container", args=[c.course.slug, c.assignment.pk]
    ),
    "annotation-container-last-page": lambda c: reverse(
        "discussions:annotation_container",
        args=[c.course.slug, c.assignment.pk],
        query={"page": -(-c.assignment.comments.count() // 100)},
    ),
}
CASES = [
    ("reading", "student"),
    ("reading", "instructor"),
    ("reading-one-open", "student"),
    ("reading-all-open", "student"),
    ("reading-all-open", "instructor"),
    ("reading-questions", "student"),
    ("paragraph-discussion", "student"),
    ("course", "student"),
    ("course", "ta"),
    ("course", "instructor"),
    ("roster", "instructor"),
    ("invite", "instructor"),
    ("join-link", "outsider"),
    ("home", "student"),
    ("downloads", "instructor"),
    ("course-discussion-csv", "instructor"),
    ("assignment-discussion-jsonld", "ta"),
    ("own-comments-jsonld", "student"),
    ("annotation-container", "ta"),
    ("annotation-container-last-page", "instructor"),
]


@pytest.mark.parametrize(("page", "role"), CASES, ids=[f"{page}-{role}" for page, role in CASES])
def test_query_count_does_not_grow_with_the_class(
    page, role, classroom, client_for, django_assert_max_num_queries, record_property
):
    client = client_for(classroom.user(role))
    headers = {"HX-Request": "true"} if page == "paragraph-discussion" else {}

    grow(classroom, FEW - 1, 2, seed=1)  # the fixture already has one comment
    assert classroom.assignment.comments.count() == FEW
    few = measure(client, PAGES[page](classroom), django_assert_max_num_queries, **headers)

    grow(classroom, MANY - FEW, 60, seed=2)
    assert classroom.assignment.comments.count() == MANY
    many = measure(client, PAGES[page](classroom), django_assert_max_num_queries, **headers)

    record_property("queries", f"{few} with {FEW} comments, {many} with {MANY}")
    print(f"\n{page} as {role}: {few} queries with {FEW} comments, {many} with {MANY}")
    assert few == many


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_reading_with_sub_headings_costs_what_one_without_costs(
    role, classroom, client_for, django_assert_max_num_queries
):
    """Headings, their Contents list and the numbers that skip them come from the page's one
    query for the text."""
    client = client_for(classroom.user(role))
    grow(classroom, FEW - 1, 2, seed=1)
    without = measure(client, reading(classroom, all=1), django_assert_max_num_queries)
    reading_text = classroom.assignment.reading
    texts = [p.text for p in reading_text.current_paragraphs()]
    texts[2:2] = ["A first sub-heading", "A second sub-heading"]
    kinds = ["paragraph"] * len(texts)
    kinds[2:4] = ["heading", "heading"]
    reading_revise(reading=reading_text, paragraphs=texts, kinds=kinds, editor=reading_text.owner)
    page = client.get(reading(classroom, all=1)).text
    assert "A second sub-heading</a></li>" in page  # listed under Contents
    assert measure(client, reading(classroom, all=1), django_assert_max_num_queries) == without


def test_private_notes_cost_one_query_however_many(
    classroom, client_for, django_assert_max_num_queries
):
    client = client_for(classroom.student)
    url = reading(classroom, all=1)
    without = measure(client, url, django_assert_max_num_queries)
    for paragraph in classroom.paragraphs:
        for number in range(10):
            note_create(
                author=classroom.student,
                assignment=classroom.assignment,
                paragraph=paragraph,
                body=f"Note {number}.",
                quote=paragraph.text[:4],
            )
    assert measure(client, url, django_assert_max_num_queries) == without


def test_course_page_with_many_assignments(classroom, client_for, django_assert_max_num_queries):
    """Assignments are a list too: ten of them cost what one costs."""
    client = client_for(classroom.instructor)
    url = classroom.course.get_absolute_url()
    add_students(classroom.course, 5)
    one = measure(client, url, django_assert_max_num_queries)
    for _ in range(10):
        assignment = AssignmentFactory(course=classroom.course)
        add_comments(assignment, [classroom.student, classroom.classmate], 20, seed=3)
    ten = measure(client, url, django_assert_max_num_queries)
    assert one == ten


def add_lms_students(course, issuer: str, count: int, *, launched: int) -> None:
    """Students the LMS roster brought, `launched` of whom have opened Colloquy from it."""
    for number, user in enumerate(add_students(course, count)):
        first_launch = timezone.now() if number < launched else None
        Identity.objects.create(
            issuer=issuer, subject=f"lms-{user.pk}", user=user, first_launch_at=first_launch
        )


ISSUER = "https://lms.school.example"


def lms_course_link(course, **fields) -> CourseLink:
    """The course linked to an LMS course (no LMS answers here: only pages are measured)."""
    platform = Platform.objects.create(
        name="School LMS",
        issuer=ISSUER,
        client_id="colloquy",
        authorization_url=ISSUER + "/auth",
        token_url=ISSUER + "/token",
        jwks_url=ISSUER + "/jwks",
    )
    return CourseLink.objects.create(
        deployment=Deployment.objects.create(platform=platform, deployment_id="1"),
        context_id="course-101",
        course=course,
        **fields,
    )


def test_roster_with_lms_members_costs_what_it_costs_with_few(
    classroom, client_for, django_assert_max_num_queries
):
    """Who came from the LMS and who never launched Colloquy from it come with the roster's
    one query for its members."""
    lms_course_link(
        classroom.course,
        memberships_url=ISSUER + "/memberships",
        roster_synced_at=timezone.now(),
    )
    client = client_for(classroom.instructor)
    url = reverse("classroom:roster", args=[classroom.course.slug])
    add_lms_students(classroom.course, ISSUER, 3, launched=1)
    few = measure(client, url, django_assert_max_num_queries)
    add_lms_students(classroom.course, ISSUER, 60, launched=20)
    page = client.get(url).text
    assert "42 of 63 have never opened Colloquy from the LMS" in page
    assert page.count("Never launched</span>") == 42
    many = measure(client, url, django_assert_max_num_queries)
    assert few == many


def test_lms_grades_page_costs_the_same_for_a_large_class(
    classroom, client_for, django_assert_max_num_queries
):
    """Each student's score now and the last score sent: a fixed number of queries."""
    course_link = lms_course_link(classroom.course, lineitems_url=ISSUER + "/lineitems")
    AssignmentLink.objects.create(
        course_link=course_link, resource_link_id="link-1", assignment=classroom.assignment
    )
    client = client_for(classroom.instructor)
    url = reverse("lms:grades", args=[classroom.course.slug, classroom.assignment.pk])

    def sent_to_everyone():
        GradeSend.objects.bulk_create(
            GradeSend(
                assignment=classroom.assignment,
                student=membership.user,
                score=Decimal(3),
                score_maximum=Decimal(10),
                outcome=GradeSend.Outcome.SENT,
                lms_status=200,
            )
            for membership in Membership.objects.graded().filter(course=classroom.course)
        )

    grow(classroom, 10, 2, seed=5)
    sent_to_everyone()
    few = measure(client, url, django_assert_max_num_queries)
    grow(classroom, 200, 40, seed=6)
    sent_to_everyone()
    page = client.get(url).text
    assert (
        page.count("Accepted by the LMS")
        == Membership.objects.graded().filter(course=classroom.course).count()
    )
    many = measure(client, url, django_assert_max_num_queries)
    print(f"\nLMS grades page: {few} queries for 6 students, {many} for 46")
    assert few == many


def test_seeded_threads_look_like_real_ones(classroom):
    """The bulk-made comments must obey the same rules as comments made through the service."""
    grow(classroom, 300, 5, seed=4)
    comments = list(classroom.assignment.comments.select_related("parent", "thread_root"))
    top_level = [comment for comment in comments if comment.parent_id is None]
    assert 0.2 < len(top_level) / len(comments) < 0.45
    assert {comment.depth for comment in comments} == set(range(MAX_DEPTH))
    for comment in comments:
        if comment.parent is None:
            assert comment.depth == 0
            assert comment.thread_root_id == comment.pk
        else:
            assert comment.depth == comment.parent.depth + 1
            assert comment.paragraph_id == comment.parent.paragraph_id
            assert comment.thread_root_id == comment.parent.thread_root_id
    assert Membership.objects.filter(course=classroom.course).count() > 5


# --- Post-first and anonymity cost nothing extra per comment ---

POST_FIRST_CASES = [
    ("reading", "waiting"),
    ("reading-all-open", "waiting"),
    ("prompt-discussion", "waiting"),
    ("reading-all-open", "posted"),
    ("prompt-discussion", "posted"),
    ("reading-all-open", "instructor"),
    ("prompt-discussion", "instructor"),
]


def name_everyone(assignment, people) -> None:
    """Comments made in bulk skip the service, which would have given their authors names."""
    authors = {comment.author for comment in assignment.comments.select_related("author")}
    for person in authors | set(people):
        pseudonym_for(assignment=assignment, user=person)


@pytest.mark.parametrize("mode", [PostFirst.READING, PostFirst.PARAGRAPH])
@pytest.mark.parametrize(
    ("page", "viewer"), POST_FIRST_CASES, ids=[f"{p}-{v}" for p, v in POST_FIRST_CASES]
)
def test_post_first_and_anonymity_keep_the_budget(
    page, viewer, mode, classroom, client_for, django_assert_max_num_queries
):
    """A post-first, anonymous assignment with a post-first prompt on paragraph 2, seen by a
    student who has not posted, one who has, and an instructor."""
    assignment = classroom.assignment
    assignment.post_first = mode
    assignment.hide_counts_before_posting = True
    assignment.anonymous = True
    assignment.save()
    second = classroom.paragraphs[1]
    prompt = prompt_create(
        assignment=assignment,
        author=classroom.instructor,
        body="Answer first.",
        paragraph=second,
        post_first=True,
    )
    waiting = MembershipFactory(course=classroom.course, role=Role.STUDENT).user
    person = {"waiting": waiting, "posted": classroom.student}.get(viewer, classroom.instructor)
    client = client_for(person)
    urls = {
        "reading": assignment.get_absolute_url(),
        "reading-all-open": assignment.get_absolute_url() + "?all=1",
        "prompt-discussion": reverse(
            "discussions:paragraph_discussion",
            args=[classroom.course.slug, assignment.pk, second.pk],
        ),
    }
    headers = {"HX-Request": "true"} if page == "prompt-discussion" else {}

    def grow_and_measure(comments, students, seed):
        grow(classroom, comments, students, seed=seed)
        # Whole threads on paragraph 2 answer the prompt, as replies to answers do.
        assignment.comments.filter(paragraph=second).update(prompt=prompt)
        name_everyone(assignment, [person])
        return measure(client, urls[page], django_assert_max_num_queries, **headers)

    few = grow_and_measure(FEW - 1, 2, 5)
    assert assignment.comments.count() == FEW
    many = grow_and_measure(MANY - FEW, 60, 6)
    assert assignment.comments.count() == MANY
    assert assignment.comments.filter(prompt=prompt).count() > 50
    print(f"\n{page} as {viewer}: {few} queries with {FEW} comments, {many} with {MANY}")
    assert few == many


# --- An earlier version of a reading: flat however long the reading or its history ---


def test_an_earlier_version_costs_the_same_however_long_the_reading(
    classroom, client_for, django_assert_max_num_queries
):
    reading = classroom.assignment.reading
    client = client_for(classroom.student)

    def edit(paragraph_count: int) -> int:
        """A new version of `paragraph_count` paragraphs; returns its number."""
        texts = [f"Paragraph {index} of {paragraph_count}." for index in range(paragraph_count)]
        return reading_revise(reading=reading, paragraphs=texts, editor=reading.owner).number

    def measure_version(number: int) -> int:
        url = reverse(
            "discussions:reading_version",
            args=[classroom.course.slug, classroom.assignment.pk, number],
        )
        return measure(client, url, django_assert_max_num_queries)

    edit(3)
    few = measure_version(1)  # 5 paragraphs, one of 2 versions
    long_one = edit(MANY)
    for paragraph_count in range(4, 30):
        edit(paragraph_count)
    many = measure_version(long_one)
    print(f"\nearlier version: {few} queries (5 paragraphs), {many} ({MANY}, 30 versions)")
    assert few == many


# --- Live updates: cheap when nothing is new, flat however big the discussion ---

# Session, user, the assignment with "anything changed?" folded in, the membership.
QUIET_BUDGET = 4


def test_live_updates_cost_the_same_however_big_the_discussion(
    classroom, client_for, django_assert_max_num_queries
):
    client = client_for(classroom.student)
    paragraph = classroom.paragraphs[0]
    url = reverse(
        "discussions:discussion_updates",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    headers = {"HX-Request": "true"}

    def poll(news: int, *, on_phrases: bool = False):
        Comment.objects.update(changed_at=timezone.now() - timedelta(hours=1))
        after = live.cursor_for(timezone.now())
        with django_assert_max_num_queries(QUIET_BUDGET) as quiet:
            response = client.get(url, {"after": after}, headers=headers)
        assert response.status_code == 204
        thread = None
        for index in range(news):
            parent = thread if index % 2 else None
            if on_phrases and parent is None:
                thread = comment_create(
                    author=classroom.classmate,
                    assignment=classroom.assignment,
                    paragraph=paragraph,
                    body=f"News {index}.",
                    phrase=Phrase(exact=paragraph.text.split()[index % 2]),
                )
                continue
            thread = make_comment(
                author=classroom.classmate,
                assignment=classroom.assignment,
                paragraph=paragraph,
                parent=parent,
                body=f"News {index}.",
            )
        with django_assert_max_num_queries(BUDGET) as busy:
            response = client.get(url, {"after": after}, headers=headers)
        assert response.status_code == 200
        assert response.text.count('class="comment-item') == news
        assert ("data-live-text" in response.text) == on_phrases
        return len(quiet.captured_queries), len(busy.captured_queries)

    grow(classroom, FEW - 1, 2, seed=7)
    small = poll(news=2)
    grow(classroom, MANY - FEW - 2, 60, seed=8)
    large = poll(news=2)
    larger_news = poll(news=20)
    # New marks come with the same query as the comments that make them.
    marked = poll(news=20, on_phrases=True)
    print(
        f"\nlive updates: {small} (204, news) with {FEW}, {large} with {MANY}, {larger_news},"
        f" {marked} with new marks"
    )
    assert small == large == larger_news == marked


# --- Notices: the page and the navigation's count stay flat ---


def test_notices_page_costs_the_same_with_three_or_sixty(
    classroom, client_for, django_assert_max_num_queries
):
    client = client_for(classroom.student)
    url = reverse("discussions:notices")

    def measure_notices(count: int) -> int:
        Notice.objects.bulk_create(
            Notice(user=classroom.student, text=f"Notice {index}.", url="/")
            for index in range(count)
        )
        return measure(client, url, django_assert_max_num_queries, budget=6)

    few = measure_notices(3)
    many = measure_notices(60)
    print(f"\nnotices page: {few} queries with 3 notices, {many} with 63")
    assert few == many


# --- My readings: saved readings and unfinished imports ---


def test_my_readings_cost_the_same_with_few_or_many_readings_and_drafts(
    classroom, client_for, django_assert_max_num_queries
):
    client = client_for(classroom.instructor)
    costs = []
    for added in (2, 40):
        ReadingFactory.create_batch(added, owner=classroom.instructor)
        ReadingDraft.objects.bulk_create(
            ReadingDraft(owner=classroom.instructor, title=f"Draft {index}")
            for index in range(added)
        )
        costs.append(
            measure(client, reverse("articles:list"), django_assert_max_num_queries, budget=6)
        )
    print(f"\nmy readings: {costs} queries with 2, then 42, readings and drafts")
    assert costs[0] == costs[1]


# --- The gradebook: every student in every assignment in the same few queries ---


def test_gradebook_costs_the_same_however_many_students_and_assignments(
    classroom, client_for, django_assert_max_num_queries
):
    """Every graded member in every assignment, with scores set by hand and a graded TA: the
    gradebook page and its export cost what one student in one assignment costs."""
    client = client_for(classroom.instructor)
    page = reverse("discussions:gradebook", args=[classroom.course.slug])
    export = reverse("discussions:gradebook_export", args=[classroom.course.slug])

    def grow_and_measure(assignments: int, students: int, seed: int) -> tuple[int, int]:
        authors = [classroom.student, classroom.classmate, classroom.ta]
        authors += add_students(classroom.course, students)
        for _ in range(assignments):
            assignment = AssignmentFactory(course=classroom.course)
            add_comments(assignment, authors, 30, seed=seed)
            ScoreOverride.objects.create(
                assignment=assignment, student=authors[-1], score=5, reason="Presented it."
            )
        return (
            measure(client, page, django_assert_max_num_queries),
            measure(client, export, django_assert_max_num_queries),
        )

    Membership.objects.filter(user=classroom.ta).update(graded_as_student=True)
    few = grow_and_measure(1, 1, seed=7)
    many = grow_and_measure(8, 40, seed=8)
    print(f"\ngradebook (page, export): {few} queries with 2 assignments, {many} with 10")
    assert few == many


def anchor_thread_starts(assignment) -> int:
    """Put every thread start (about 30 % of the comments add_comments writes) on a phrase of
    its paragraph, overlapping as they will; returns how many."""
    roots = list(assignment.comments.filter(parent__isnull=True).select_related("paragraph"))
    rng = random.Random(4)
    for root in roots:
        text = root.paragraph.text
        start = rng.randrange(0, len(text) - 4)
        end = rng.randrange(start + 1, len(text) + 1)
        root.quote, root.quote_start, root.quote_end = text[start:end], start, end
        root.quote_prefix, root.quote_suffix = text[:start][-32:], text[end:][:32]
    Comment.objects.bulk_update(
        roots, ["quote", "quote_start", "quote_end", "quote_prefix", "quote_suffix"]
    )
    return len(roots)


@pytest.mark.parametrize(
    ("page", "role"),
    [("reading", "student"), ("reading-all-open", "student"), ("reading-all-open", "instructor")],
)
def test_phrase_highlights_cost_no_query_per_comment(
    page, role, classroom, client_for, django_assert_max_num_queries
):
    """A thousand comments, 30 % of them on phrases: the page marks every phrase with the
    queries it makes without any."""
    client = client_for(classroom.user(role))
    grow(classroom, 999, 60, seed=5)
    without = measure(client, PAGES[page](classroom), django_assert_max_num_queries)
    anchored = anchor_thread_starts(classroom.assignment)
    assert 250 <= anchored <= 350
    html = client.get(PAGES[page](classroom)).text
    assert html.count('<mark class="phrase"') >= len(classroom.paragraphs)
    assert measure(client, PAGES[page](classroom), django_assert_max_num_queries) == without


# --- Every state a comment shows costs no query per comment ---


UNSHOWN = {0: Status.HIDDEN, 1: Status.PENDING, 2: Status.WITHDRAWN}


def vary_states(classroom) -> None:
    """Put the assignment's comments in every state the comment partial shows its own way,
    many of them the student's: hidden with a reason, waiting for review, withdrawn, with an
    edit waiting, endorsed, pinned, locked, on a phrase still found or lost, edited, labelled,
    late, found helpful, by staff and by a deleted account, answering a named comment."""
    assignment = classroom.assignment
    now = timezone.now()
    assignment.due_at = now - timedelta(days=1)
    assignment.save()
    authors = [classroom.student, classroom.student, classroom.classmate, classroom.ta, None]
    comments = list(assignment.comments.select_related("paragraph").order_by("pk"))
    for index, comment in enumerate(comments):
        comment.author = authors[index % len(authors)]
        comment.status = UNSHOWN.get(index % 7, Status.VISIBLE)
        comment.moderation_reason = "Off the point." if index % 7 < 2 else ""
        if index % 3 == 0:
            comment.pending_body = "Better words."
            comment.pending_body_html = render_markdown("Better words.")
        if index % 4 == 1:
            comment.endorsed_by, comment.endorsed_at = classroom.instructor, now
        comment.edited_at = now if index % 5 == 2 else None
        comment.kind = Kind.values[index % len(Kind.values)]
        comment.created_at = now if index % 2 else comment.created_at
        if comment.parent_id is None:
            comment.pinned, comment.thread_locked = index % 6 == 0, index % 6 == 1
            text = comment.paragraph.text
            if index % 4 == 3:
                comment.quote, comment.quote_changed = "Words long gone", True
                comment.quote_prefix, comment.quote_suffix = text[:4], text[-4:]
            elif index % 2:
                comment.quote, comment.quote_start, comment.quote_end = text[:9], 0, 9
                comment.quote_suffix = text[9:20]
    Comment.objects.bulk_update(
        comments,
        [
            *("author", "status", "moderation_reason", "pending_body", "pending_body_html"),
            *("endorsed_by", "endorsed_at", "edited_at", "kind", "created_at", "pinned"),
            *("thread_locked", "quote", "quote_changed", "quote_start", "quote_end"),
            *("quote_prefix", "quote_suffix"),
        ],
    )
    Reaction.objects.bulk_create(
        Reaction(comment=comment, user=user)
        for comment in comments[::3]
        for user in (classroom.student, classroom.classmate)
    )


STATE_PAGES = {
    "reading-all-open": lambda c: reading(c, all=1),
    "paragraph-discussion": PAGES["paragraph-discussion"],
    "more-threads": lambda c: reverse(
        "discussions:paragraph_threads",
        args=[c.course.slug, c.assignment.pk, busiest_paragraph(c.assignment)],
        query={"page": 2},
    ),
}
STATE_CASES = [
    ("reading-all-open", "student"),
    ("reading-all-open", "instructor"),
    ("paragraph-discussion", "student"),
    ("more-threads", "ta"),
]


@pytest.mark.parametrize(
    ("page", "role"), STATE_CASES, ids=[f"{page}-{role}" for page, role in STATE_CASES]
)
def test_every_state_a_comment_shows_costs_no_query_per_comment(
    page, role, classroom, client_for, django_assert_max_num_queries
):
    """What a page of threads leaves in the database (threads.NOT_ON_PAGE) must be nothing
    the comment partials read in any state: read there, it would cost a query per comment."""
    client = client_for(classroom.user(role))
    headers = {} if page == "reading-all-open" else {"HX-Request": "true"}
    grow(classroom, MANY - 1, 60, seed=9)
    url = STATE_PAGES[page](classroom)
    plain = measure(client, url, django_assert_max_num_queries, **headers)
    vary_states(classroom)
    # Measured first: rendered once, the page's comments come from the fragment cache.
    varied = measure(client, url, django_assert_max_num_queries, **headers)
    html = client.get(url, headers=headers).text
    shown = ["Hidden", "Waiting for review", "Edit waiting for review", "Endorsed by staff"]
    shown += ["Thread locked", "quoted text changed", "edited", "late", "replying to @"]
    assert all(state in html for state in shown), [state for state in shown if state not in html]
    assert varied == plain
