"""Creating courses, joining them, their join codes and the home page."""

import re

import pytest
from django.urls import reverse

from classroom.models import JOIN_CODE_ALPHABET, Course, Membership, Role, new_join_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JOIN_CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
PASSWORD = "correct horse battery staple"
NADIA_SIGNS_UP = {
    "username": "nadia",
    "display_name": "Nadia",
    "email": "nadia@example.org",
    "password1": "tangerine kettle orbit 93",
    "password2": "tangerine kettle orbit 93",
}


def membership(user, course) -> Membership:
    return Membership.objects.get(user=user, course=course)


# --- Creating a course ---


def test_creating_a_course_makes_the_creator_its_instructor(client_for):
    teacher = UserFactory(may_teach=True)
    client = client_for(teacher)
    response = client.post(
        reverse("classroom:course_new"), {"title": "Poetry 101", "time_zone": "America/Chicago"}
    )
    course = Course.objects.get(title="Poetry 101")
    assert course.time_zone == "America/Chicago"
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    assert membership(teacher, course).role == Role.INSTRUCTOR
    assert JOIN_CODE.match(course.join_code)
    page = client.get(response["Location"])
    assert course.join_code in page.text  # the success message tells the teacher the code


def test_join_codes_use_only_the_unambiguous_alphabet():
    assert not set("01ILOU") & set(JOIN_CODE_ALPHABET)
    codes = {new_join_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert JOIN_CODE.match(code), code
        assert set(code.replace("-", "")) <= set(JOIN_CODE_ALPHABET), code


def test_an_empty_title_is_refused(client_for):
    teacher = UserFactory(may_teach=True)
    response = client_for(teacher).post(
        reverse("classroom:course_new"), {"title": "  ", "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 422
    assert "errorlist" in response.text
    assert not Course.objects.exists()


# --- A new course's time zone ---


def _time_zone_select(html: str) -> str:
    found = re.search(r'<select name="time_zone".*?</select>', html, re.DOTALL)
    assert found, "the course form has no time zone list"
    return found.group(0)


def test_the_new_course_form_lists_common_time_zones_first(client_for):
    teacher = UserFactory(may_teach=True)
    select = _time_zone_select(client_for(teacher).get(reverse("classroom:course_new")).text)
    assert "data-browser-time-zone" in select  # our script fills it from the browser
    common, everything = re.findall(r"<optgroup label=\"[^\"]+\">(.*?)</optgroup>", select, re.S)
    common_zones = re.findall(r'value="([^"]+)"', common)
    assert common_zones[:4] == [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
    ]
    assert {"Europe/London", "Asia/Kolkata", "Australia/Sydney", "Africa/Lagos"} <= set(
        common_zones
    )
    other_zones = re.findall(r'value="([^"]+)"', everything)
    assert other_zones == sorted(other_zones)
    assert "Pacific/Auckland" in other_zones
    assert not set(common_zones) & set(other_zones)
    for odd in ("Factory", "localtime", "Etc/GMT+5", "US/Eastern", "EST5EDT", "posixrules"):
        assert f'value="{odd}"' not in select, odd
    # Nothing is chosen for the teacher: without a script they pick one.
    assert "selected" not in select.replace('value="" selected', "")


def test_a_new_course_needs_a_time_zone_the_server_knows(client_for):
    client = client_for(UserFactory(may_teach=True))
    for zone in ("", "Mars/Olympus_Mons", "Factory"):
        response = client.post(reverse("classroom:course_new"), {"title": "Art", "time_zone": zone})
        assert response.status_code == 422, zone
        assert "Choose a time zone from the list." in response.text
    assert not Course.objects.exists()


def test_the_home_page_form_asks_for_the_time_zone_too(client_for):
    page = client_for(UserFactory(may_teach=True)).get(reverse("classroom:home")).text
    assert "data-browser-time-zone" in _time_zone_select(page)


# --- Joining ---


SPELLINGS = {
    "as-given": lambda code: code,
    "lowercase": str.lower,
    "no-dashes": lambda code: code.replace("-", ""),
    "lowercase-no-dashes": lambda code: code.replace("-", "").lower(),
    "spaces-for-dashes": lambda code: code.replace("-", " "),
    "padded": lambda code: f"  {code.lower()}  ",
    "spaced-out": lambda code: " ".join(code.replace("-", "")),
    "spaced-dashes": lambda code: code.replace("-", " - "),
}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_joining_by_code_accepts_any_case_spacing_and_dashes(spelling, classroom, client_for):
    typed = SPELLINGS[spelling](classroom.course.join_code)
    response = client_for(classroom.outsider).post(reverse("classroom:join"), {"join_code": typed})
    assert response.status_code == 302, typed
    assert response["Location"] == classroom.course.get_absolute_url()
    assert membership(classroom.outsider, classroom.course).role == Role.STUDENT


def test_joining_twice_keeps_one_membership_and_the_role(classroom, client_for):
    client = client_for(classroom.ta)
    client.post(reverse("classroom:join"), {"join_code": classroom.course.join_code})
    assert Membership.objects.filter(user=classroom.ta, course=classroom.course).count() == 1
    assert membership(classroom.ta, classroom.course).role == Role.TA


def test_a_join_link_asks_before_joining(classroom, client_for):
    client = client_for(classroom.outsider)
    url = classroom.course.join_url
    for _ in range(3):  # link previews, prefetching, a double click: a GET never joins
        page = client.get(url)
        assert page.status_code == 200
        assert classroom.course.join_code in page.text
        assert 'method="post"' in page.text
        assert not Membership.objects.filter(user=classroom.outsider).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert membership(classroom.outsider, classroom.course).role == Role.STUDENT
    assert client.get(classroom.course.get_absolute_url()).status_code == 200


def test_a_join_link_names_the_course_and_its_teacher_before_sign_in(classroom, client):
    instructor = classroom.instructor
    instructor.display_name = "Ms. Park"
    instructor.save()
    course = classroom.course
    course.title = "English 11 — Period 3"
    course.save()
    page = client.get(course.join_url)
    assert page.status_code == 200
    assert "Join English 11 — Period 3 with Ms. Park" in page.text
    next_query = f"?next={course.join_url}"
    assert f'href="{reverse("signup")}{next_query}"' in page.text
    assert f'href="{reverse("login")}{next_query}"' in page.text
    # Posting without an account asks to log in first and comes back.
    response = client.post(course.join_url)
    assert response["Location"] == f"{reverse('login')}?next={course.join_url}"
    assert (
        not Membership.objects.filter(course=course, role=Role.STUDENT)
        .exclude(user__in=[classroom.student, classroom.classmate])
        .exists()
    )


def test_signing_up_from_a_join_link_comes_back_to_join(classroom, client):
    url = classroom.course.join_url
    signup = client.get(reverse("signup"), {"next": url})
    # Someone with an account switches to logging in without losing the invitation.
    assert f"{reverse('login')}?next={url}" in signup.text
    response = client.post(f"{reverse('signup')}?next={url}", NADIA_SIGNS_UP)
    assert response["Location"] == url
    page = client.get(url)
    assert "Join the course" in page.text
    client.post(url)
    assert Membership.objects.get(user__username="nadia").course == classroom.course


def test_logging_in_from_a_join_link_comes_back_to_join(classroom, client):
    url = classroom.course.join_url
    outsider = classroom.outsider
    outsider.set_password(PASSWORD)
    outsider.save()
    response = client.post(
        f"{reverse('login')}?next={url}", {"username": outsider.username, "password": PASSWORD}
    )
    assert response["Location"] == url


def test_sign_up_never_sends_anyone_off_the_site(client):
    response = client.post(f"{reverse('signup')}?next=https://evil.example/join/", NADIA_SIGNS_UP)
    assert response["Location"] == reverse("classroom:home")


def test_a_member_opening_the_join_link_is_pointed_to_the_course(classroom, client_for):
    page = client_for(classroom.student).get(classroom.course.join_url)
    assert "You're already in this course." in page.text
    assert f'href="{classroom.course.get_absolute_url()}"' in page.text


def test_rotating_the_code_retires_the_old_one(classroom, client_for):
    old = classroom.course.join_code
    response = client_for(classroom.instructor).post(
        reverse("classroom:join_code_rotate", args=[classroom.course.slug]), follow=True
    )
    classroom.course.refresh_from_db()
    new = classroom.course.join_code
    assert new != old
    assert JOIN_CODE.match(new)
    assert new in response.text

    client = client_for(classroom.outsider)
    refused = client.post(reverse("classroom:join"), {"join_code": old})
    assert refused.status_code == 422
    gone = client.post(reverse("classroom:join_link", args=[old]))
    assert gone.status_code == 404
    assert "Ask your teacher for a new link" in gone.text
    assert client.get(reverse("classroom:join_link", args=[old])).status_code == 404
    assert not Membership.objects.filter(user=classroom.outsider).exists()
    assert client.post(reverse("classroom:join"), {"join_code": new}).status_code == 302
    assert Membership.objects.filter(user=classroom.outsider).exists()


# --- Home ---


def test_home_lists_only_my_courses(classroom, client_for):
    other_course = classroom.other_assignment.course
    page = client_for(classroom.student).get(reverse("classroom:home"))
    assert classroom.course.title in page.text
    assert other_course.title not in page.text

    page = client_for(classroom.outsider).get(reverse("classroom:home"))
    assert classroom.course.title not in page.text
    assert other_course.title not in page.text
