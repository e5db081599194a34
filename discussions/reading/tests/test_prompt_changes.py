"""Staff reword and withdraw prompts from the reading page, inline and without JS; the audit
trail keeps both wordings, and students' answers outlive a withdrawn prompt."""

import pytest
from django.urls import reverse

from discussions.models import ModerationAction, Prompt
from discussions.reading.services import comment_create, prompt_create

pytestmark = pytest.mark.django_db

Kind = ModerationAction.Kind
HTMX = {"HX-Request": "true"}


@pytest.fixture
def prompt(classroom):
    return prompt_create(
        assignment=classroom.assignment,
        author=classroom.instructor,
        body="What is the *claim* here?",
        paragraph=classroom.paragraphs[1],
    )


def url(name, prompt):
    return reverse(f"discussions:{name}", args=[prompt.pk])


def reading(classroom, paragraph):
    args = [classroom.course.slug, classroom.assignment.pk]
    return reverse("discussions:reading", args=args) + f"?open={paragraph.pk}"


def test_staff_see_edit_and_withdraw_beside_each_prompt_students_do_not(
    classroom, client_for, prompt
):
    page = client_for(classroom.ta).get(reading(classroom, classroom.paragraphs[1])).text
    assert url("prompt_edit", prompt) in page
    assert url("prompt_withdraw", prompt) in page
    page = client_for(classroom.student).get(reading(classroom, classroom.paragraphs[1])).text
    assert "What is the <em>claim</em> here?" in page
    assert url("prompt_edit", prompt) not in page


def test_staff_edit_a_prompt_without_js_and_the_trail_keeps_both_wordings(
    classroom, client_for, prompt
):
    client = client_for(classroom.ta)
    assert 'name="body"' in client.get(url("prompt_edit", prompt)).text
    response = client.post(url("prompt_edit", prompt), {"body": "Which **claim** matters?"})
    assert response.status_code == 302
    assert response.url.endswith(f"?open={classroom.paragraphs[1].pk}#{prompt.anchor}")
    prompt.refresh_from_db()
    assert prompt.body == "Which **claim** matters?"
    assert prompt.body_html.strip() == "<p>Which <strong>claim</strong> matters?</p>"
    row = ModerationAction.objects.filter(kind=Kind.PROMPT_CHANGE).get()
    assert (row.actor, row.course) == (classroom.ta, classroom.course)
    assert row.details_before == "What is the *claim* here?"
    assert row.details_after == "Which **claim** matters?"


def test_staff_edit_a_prompt_inline(classroom, client_for, prompt):
    client = client_for(classroom.instructor)
    form = client.get(url("prompt_edit", prompt), headers=HTMX)
    assert f'id="{prompt.anchor}-text"' in form.text
    assert "<html" not in form.text
    response = client.post(url("prompt_edit", prompt), {"body": "New *words*."}, headers=HTMX)
    assert response.status_code == 200
    assert "New <em>words</em>." in response.text
    assert f'id="{prompt.anchor}-text"' in response.text


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_empty_prompt_is_refused_and_nothing_changes(classroom, client_for, prompt, headers):
    response = client_for(classroom.ta).post(
        url("prompt_edit", prompt), {"body": "   "}, headers=headers
    )
    assert response.status_code == 422
    assert "Write the prompt." in response.text
    prompt.refresh_from_db()
    assert prompt.body == "What is the *claim* here?"
    assert not ModerationAction.objects.filter(kind=Kind.PROMPT_CHANGE).exists()


@pytest.mark.parametrize("name", ["prompt_edit", "prompt_withdraw"])
def test_students_are_refused_and_outsiders_see_nothing(classroom, client_for, prompt, name):
    for user, status in ((classroom.student, 403), (classroom.outsider, 404)):
        client = client_for(user)
        assert client.get(url(name, prompt)).status_code == status
        assert client.post(url(name, prompt), {"body": "Hijacked"}).status_code == status
    prompt.refresh_from_db()
    assert (prompt.body, prompt.withdrawn_at) == ("What is the *claim* here?", None)
    assert not ModerationAction.objects.filter(kind__in=[Kind.PROMPT_CHANGE, Kind.PROMPT_WITHDRAW])


def test_after_withdrawal_students_answers_stay_as_ordinary_threads(classroom, client_for, prompt):
    answer = comment_create(
        author=classroom.student,
        assignment=classroom.assignment,
        body="The claim is in the second sentence.",
        prompt=prompt,
    )
    client = client_for(classroom.ta)
    assert "<form" in client.get(url("prompt_withdraw", prompt)).text
    response = client.post(url("prompt_withdraw", prompt))
    paragraph = classroom.paragraphs[1]
    assert response.url.endswith(f"?open={paragraph.pk}#{paragraph.anchor}")
    prompt.refresh_from_db()
    assert prompt.withdrawn_at is not None
    row = ModerationAction.objects.filter(kind=Kind.PROMPT_WITHDRAW).get()
    assert (row.actor, row.details_before) == (classroom.ta, "What is the *claim* here?")
    page = client_for(classroom.classmate).get(reading(classroom, paragraph)).text
    assert "What is the <em>claim</em> here?" not in page
    assert "The claim is in the second sentence." in page
    assert f'id="{answer.anchor}"' in page
    # A withdrawn prompt takes no more answers, edits or withdrawals.
    client = client_for(classroom.student)
    assert client.post(url("prompt_answer", prompt), {"body": "Late."}).status_code == 404
    client = client_for(classroom.ta)
    assert client.post(url("prompt_edit", prompt), {"body": "Again"}).status_code == 404


def test_staff_withdraw_inline_and_the_discussion_comes_back_with_the_answers(
    classroom, client_for, prompt
):
    comment_create(
        author=classroom.student,
        assignment=classroom.assignment,
        body="An answer worth keeping.",
        prompt=prompt,
    )
    response = client_for(classroom.instructor).post(url("prompt_withdraw", prompt), headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == f"#discussion-{classroom.paragraphs[1].pk}"
    assert "An answer worth keeping." in response.text
    assert prompt.anchor + "-heading" not in response.text


def test_answers_to_a_withdrawn_prompt_on_the_whole_reading_stay(classroom, client_for):
    prompt = prompt_create(
        assignment=classroom.assignment, author=classroom.ta, body="Whole-reading question"
    )
    comment_create(
        author=classroom.student,
        assignment=classroom.assignment,
        body="My answer on the whole.",
        prompt=prompt,
    )
    response = client_for(classroom.ta).post(url("prompt_withdraw", prompt), headers=HTMX)
    assert response.headers["HX-Refresh"] == "true"
    assert Prompt.objects.get(pk=prompt.pk).withdrawn_at is not None
    args = [classroom.course.slug, classroom.assignment.pk]
    page = client_for(classroom.classmate).get(reverse("discussions:reading", args=args)).text
    assert "Whole-reading question" not in page
    assert "My answer on the whole." in page
