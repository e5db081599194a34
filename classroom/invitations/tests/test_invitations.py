"""Inviting people to a course by e-mail from the roster."""

import pytest
from django.core import mail
from django.urls import reverse

from classroom.invitations.forms import MAX_ADDRESSES
from classroom.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.SITE_URL = "https://colloquy.example"


def invite_url(classroom) -> str:
    return reverse("classroom:course_invite", args=[classroom.course.slug])


def named_teacher(classroom):
    teacher = classroom.instructor
    teacher.display_name = "Ms. Park"
    teacher.save()
    return teacher


def test_the_roster_offers_invitations_by_e_mail(classroom, client_for):
    page = client_for(classroom.instructor).get(
        reverse("classroom:roster", args=[classroom.course.slug])
    )
    assert f'action="{invite_url(classroom)}"' in page.text
    assert 'name="addresses"' in page.text


def test_each_address_gets_its_own_invitation_once(classroom, client_for):
    named_teacher(classroom)
    addresses = "ana@example.org, ben@example.org;\nANA@example.org  cleo@example.org\n"
    client = client_for(classroom.instructor)
    response = client.post(invite_url(classroom), {"addresses": addresses})
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:roster", args=[classroom.course.slug])
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "ben@example.org",
        "cleo@example.org",
    ]
    assert all(len(message.to) == 1 and not message.cc for message in mail.outbox)
    message = mail.outbox[0]
    course = classroom.course
    assert message.subject == f"Ms. Park invites you to {course.title} on Colloquy"
    assert f"https://colloquy.example{course.join_url}" in message.body
    assert course.title in message.body and "Ms. Park" in message.body
    assert Invitation.objects.filter(course=course, invited_by=classroom.instructor).count() == 3
    roster = client.get(response["Location"])
    assert "Sent 3 invitations: ana@example.org, ben@example.org, cleo@example.org." in (
        roster.text
    )


def test_refused_addresses_are_listed_with_reasons_and_kept_to_fix(classroom, client_for):
    response = client_for(classroom.instructor).post(
        invite_url(classroom),
        {"addresses": f"ana@example.org not-an-address {classroom.student.email}"},
    )
    assert response.status_code == 200
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    text = response.text
    assert "Sent 1 invitation" in text and "ana@example.org" in text
    assert "Not sent to 2 addresses" in text
    assert "not-an-address</span>: not an e-mail address" in text
    assert f"{classroom.student.email}</span>: already in this course" in text
    box = text.split('name="addresses"')[1].split("</textarea>")[0]
    assert "not-an-address" in box and classroom.student.email in box
    assert "ana@example.org" not in box


def test_nothing_valid_answers_422_and_sends_nothing(classroom, client_for):
    client = client_for(classroom.instructor)
    response = client.post(invite_url(classroom), {"addresses": "nobody@ , @nowhere"})
    assert response.status_code == 422
    assert "nobody@</span>: not an e-mail address" in response.text
    empty = client.post(invite_url(classroom), {"addresses": " \n , "})
    assert empty.status_code == 422
    assert "Type at least one e-mail address." in empty.text
    assert not mail.outbox


def test_too_many_addresses_at_once_are_refused_and_kept(classroom, client_for):
    addresses = " ".join(f"student{n}@example.org" for n in range(MAX_ADDRESSES + 1))
    response = client_for(classroom.instructor).post(
        invite_url(classroom), {"addresses": addresses}
    )
    assert response.status_code == 422
    assert f"send at most {MAX_ADDRESSES} at a time" in response.text
    assert "student100@example.org" in response.text
    assert not mail.outbox


def test_a_teacher_may_send_only_so_many_an_hour(classroom, client_for, settings):
    settings.INVITATIONS_PER_HOUR = 3
    client = client_for(classroom.instructor)
    client.post(invite_url(classroom), {"addresses": "a@example.org b@example.org"})
    response = client.post(invite_url(classroom), {"addresses": "c@example.org d@example.org"})
    assert response.status_code == 429
    assert "at most 3 invitations an hour and have 1 left" in response.text
    assert "c@example.org d@example.org" in response.text
    assert len(mail.outbox) == 2
    assert client.post(invite_url(classroom), {"addresses": "c@example.org"}).status_code == 302


def test_the_invitation_is_written_in_the_teachers_language(classroom, client_for):
    teacher = named_teacher(classroom)
    teacher.language = "es"
    teacher.save()
    client_for(teacher).post(invite_url(classroom), {"addresses": "ana@example.org"})
    assert mail.outbox[0].subject == f"Ms. Park te invita a {classroom.course.title} en Colloquy"


def test_a_mail_server_that_is_down_refuses_each_address_and_keeps_them(
    classroom, client_for, mail_server_down
):
    """A real SMTP connection to a port where nothing listens: nothing is sent, nothing is
    recorded as sent, and the page says so for each address (a 422, not a 500)."""
    response = client_for(classroom.instructor).post(
        invite_url(classroom), {"addresses": "amara@example.org noor@example.org"}
    )
    assert response.status_code == 422
    assert response.text.count("the mail server did not accept it") == 2
    assert not Invitation.objects.exists()
