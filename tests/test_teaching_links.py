"""Students see student things: no page a student or an unapproved TA opens offers to import
a reading or teach a course (TEACHING_SIGNUP=approved), empty states included; a teacher's do."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

TEACHING_WORDS = ("Import a reading", "Teach a course", "start your own", "Add one first")


def teaching_addresses() -> list[str]:
    return [
        reverse(name)
        for name in ("classroom:course_new", "articles:list", "articles:new", "articles:import")
    ]


def offers_teaching(text: str) -> list[str]:
    found = [words for words in TEACHING_WORDS if words in text]
    return found + [f'href="{url}"' for url in teaching_addresses() if f'href="{url}"' in text]


@pytest.mark.parametrize("role", ["student", "ta"])
def test_no_page_offers_teaching_to_someone_who_may_not_teach(role, classroom, client_for):
    person = classroom.user(role)
    assert not person.can_teach
    client = client_for(person)
    problems = []
    opened = 0
    for row in MATRIX:
        if row.method != "get" or row.expected()[role] != 200:
            continue
        response = client.get(
            row.url(classroom, person), headers={"HX-Request": "true"} if row.htmx else {}
        )
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        if found := offers_teaching(response.content.decode()):
            problems.append(f"{row.id}: {found}")
    assert opened > 20
    assert not problems, "\n".join(problems)


def test_the_empty_home_page_offers_only_joining_to_a_student(client_for):
    page = client_for(UserFactory()).get(reverse("classroom:home")).text
    assert "You're not in any course yet." in page
    assert not offers_teaching(page)
    teacher_page = client_for(UserFactory(may_teach=True)).get(reverse("classroom:home")).text
    assert "Teach a course" in teacher_page and "start your own" in teacher_page
    assert f'href="{reverse("articles:list")}"' in teacher_page
