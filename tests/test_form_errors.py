"""A form sent back with errors ties each error to its field: the field says it is invalid
(`aria-invalid`) and names the error text (`aria-describedby`), and every id it names exists."""

import lxml.html
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _assert_errors_tied(response, *, expect_invalid: int = 1) -> None:
    assert response.status_code in (200, 422), response.status_code
    document = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    ids = set(document.xpath("//@id"))
    for element in document.xpath("//*[@aria-describedby]"):
        for reference in element.get("aria-describedby").split():
            assert reference in ids, f"{element.get('name')} points at missing #{reference}"
    invalid = document.xpath('//*[@aria-invalid="true"]')
    assert len(invalid) >= expect_invalid, "no field is marked invalid"
    for field in invalid:
        described = (field.get("aria-describedby") or "").split()
        errors = [
            document.get_element_by_id(reference)
            for reference in described
            if "errorlist" in (document.get_element_by_id(reference).get("class") or "")
        ]
        assert errors, f"{field.get('name')} is invalid but names no error text"
        assert all(error.text_content().strip() for error in errors)


def test_sign_up_errors(client):
    response = client.post(reverse("signup"), {"username": "", "password1": "x"})
    _assert_errors_tied(response, expect_invalid=2)


def test_join_and_new_course_errors(classroom, client_for):
    client = client_for(classroom.student)
    _assert_errors_tied(client.post(reverse("classroom:join"), {"join_code": "NOPE"}))
    teacher = client_for(classroom.instructor)
    _assert_errors_tied(teacher.post(reverse("classroom:course_new"), {"title": ""}))


def test_group_suspension_and_import_errors(classroom, client_for):
    client = client_for(classroom.instructor)
    slug = classroom.course.slug
    _assert_errors_tied(client.post(reverse("classroom:group_create", args=[slug]), {"name": ""}))
    member = classroom.course.memberships.get(user=classroom.student).pk
    response = client.post(
        reverse("discussions:suspension_new", args=[slug]),
        {"member": member, "days": "0", "reason": ""},
    )
    _assert_errors_tied(response)
    # Nothing given at all is a form-level error; it still must not point at missing ids.
    _assert_errors_tied(client.post(reverse("articles:import"), {}), expect_invalid=0)


def test_comment_flag_and_hide_errors_inline_and_on_their_own_page(classroom, client_for):
    paragraph = classroom.paragraphs[0]
    thread = reverse(
        "discussions:thread_create",
        args=[classroom.course.slug, classroom.assignment.pk, paragraph.pk],
    )
    reply = reverse("discussions:comment_reply", args=[classroom.comment.pk])
    flag = reverse("discussions:comment_flag", args=[classroom.comment.pk])
    hide = reverse("discussions:comment_hide", args=[classroom.comment.pk])
    student = client_for(classroom.student)
    for inline in ({}, {"HTTP_HX_REQUEST": "true"}):
        _assert_errors_tied(student.post(thread, {"body": ""}, **inline))
        _assert_errors_tied(student.post(reply, {"body": "  "}, **inline))
        _assert_errors_tied(student.post(flag, {"reason": ""}, **inline))
    ta = client_for(classroom.ta)
    for shown_in in ("queue", "reading"):
        for inline in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = ta.post(hide, {"reason": "", "shown_in": shown_in}, **inline)
            _assert_errors_tied(response)
