"""Staff reach a course's roster, groups, settings, gradebook and review queue in one click from
every page of the course; students see none of it. A new course lists its first steps."""

import re

import pytest
from django.urls import reverse

from classroom.models import Role
from tests.factories import AssignmentFactory, CourseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TOOLS = 'nav class="course-tools"'


def course_pages(classroom) -> list[str]:
    slug = classroom.course.slug
    return [
        reverse("classroom:course", args=[slug]),
        classroom.assignment.get_absolute_url(),
        reverse("classroom:groups", args=[slug]),
        reverse("discussions:gradebook", args=[slug]),
        reverse("discussions:moderation_queue", args=[slug]),
    ]


def tool_names(html: str) -> list[str]:
    nav = html[html.index(TOOLS) : html.index("</nav>", html.index(TOOLS))]
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "instructor",
            [
                "Assignments",
                "Roster",
                "Groups",
                "Settings",
                "Gradebook",
                "Review queue",
                "Downloads",
            ],
        ),
        (
            "admin",
            [
                "Assignments",
                "Roster",
                "Groups",
                "Settings",
                "Gradebook",
                "Review queue",
                "Downloads",
            ],
        ),
        ("ta", ["Assignments", "Groups", "Gradebook", "Review queue", "Downloads"]),
    ],
)
def test_staff_find_the_course_tools_on_every_page_of_the_course(
    classroom, client_for, role, expected
):
    client = client_for(classroom.user(role))
    for url in course_pages(classroom):
        response = client.get(url)
        assert response.status_code == 200, url
        assert tool_names(response.content.decode()) == expected, url


def test_the_page_being_shown_is_marked_current(classroom, client_for):
    client = client_for(classroom.instructor)
    url = reverse("discussions:gradebook", args=[classroom.course.slug])
    html = client.get(url).content.decode()
    nav = html[html.index(TOOLS) : html.index("</nav>", html.index(TOOLS))]
    assert f'<a href="{url}" aria-current="page">Gradebook</a>' in nav
    assert nav.count('aria-current="page"') == 1


def test_students_see_no_course_tools(classroom, client_for):
    client = client_for(classroom.student)
    for url in (
        reverse("classroom:course", args=[classroom.course.slug]),
        classroom.assignment.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert TOOLS not in response.content.decode()


def test_a_new_course_lists_its_first_steps_until_it_has_an_assignment_and_a_student(
    client_for,
):
    teacher = UserFactory(may_teach=True)
    course = CourseFactory(created_by=teacher)
    MembershipFactory(user=teacher, course=course, role=Role.INSTRUCTOR)
    client = client_for(teacher)
    url = reverse("classroom:course", args=[course.slug])

    html = client.get(url).content.decode()
    assert "Get the course going" in html
    assert reverse("classroom:roster", args=[course.slug]) + "#invite-heading" in html
    assert "Done:" not in html

    MembershipFactory(course=course, role=Role.STUDENT)
    html = client.get(url).content.decode()
    assert "Get the course going" in html
    assert html.count("Done:") == 1  # students are in; nothing assigned yet

    AssignmentFactory(course=course)
    assert "Get the course going" not in client.get(url).content.decode()


def test_a_course_under_way_shows_no_first_steps(classroom, client_for):
    for role in ("instructor", "ta", "student"):
        html = client_for(classroom.user(role)).get(classroom.course.get_absolute_url())
        assert "Get the course going" not in html.content.decode()
