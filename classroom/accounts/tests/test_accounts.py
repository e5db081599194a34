"""Signing up, logging in and out, and changing or resetting a password."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_sign_up_logs_the_new_person_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "display_name": "Ada L.",
            "email": "ada@example.com",
            "password1": "tangerine kettle orbit 93",
            "password2": "tangerine kettle orbit 93",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:home")
    ada = get_user_model().objects.get(username="ada")
    assert ada.display_name == "Ada L."
    assert client.get(reverse("classroom:home")).context["user"] == ada


def test_sign_up_follows_next_back_to_a_join_link(classroom, client):
    url = classroom.course.join_url
    response = client.post(
        f"{reverse('signup')}?next={url}",
        {
            "username": "grace",
            "email": "grace@example.com",
            "password1": "tangerine kettle orbit 93",
            "password2": "tangerine kettle orbit 93",
        },
    )
    assert response["Location"] == url


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_sign_up_never_redirects_off_site(target, client):
    response = client.post(
        f"{reverse('signup')}?{urlencode({'next': target})}",
        {
            "username": "mallory",
            "email": "m@example.com",
            "password1": "tangerine kettle orbit 93",
            "password2": "tangerine kettle orbit 93",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:home")


def test_sign_up_refuses_a_weak_password(client):
    response = client.post(
        reverse("signup"),
        {"username": "bob", "email": "b@example.com", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not get_user_model().objects.filter(username="bob").exists()


def test_log_in_and_log_out(client):
    person = UserFactory(username="lin")
    response = client.post(reverse("login"), {"username": "lin", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:home")
    assert client.get(reverse("classroom:home")).status_code == 200

    wrong = client.post(reverse("login"), {"username": "lin", "password": "nope"})
    assert wrong.status_code == 200  # still logged in from before; the form shows the error

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("classroom:home")).status_code == 302
    assert person.is_authenticated


def test_a_wrong_password_does_not_log_in(client):
    UserFactory(username="lin")
    response = client.post(reverse("login"), {"username": "lin", "password": "nope"})
    assert response.status_code == 200
    assert "errorlist" in response.text or "correct" in response.text
    assert client.get(reverse("classroom:home")).status_code == 302


def test_change_password(client_for):
    person = UserFactory(username="kim")
    client = client_for(person)
    new = "a different long passphrase 7"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    person.refresh_from_db()
    assert person.check_password(new)
    assert client.get(reverse("classroom:home")).status_code == 200  # still logged in


def test_change_password_needs_the_old_one(client_for):
    person = UserFactory(username="kim")
    response = client_for(person).post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x long passphrase", "new_password2": "x"},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_reset_a_forgotten_password_by_email(client):
    person = UserFactory(username="noor", email="noor@example.com")
    response = client.post(reverse("password_reset"), {"email": "noor@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["noor@example.com"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", message.body)
    assert link, message.body

    form_page = client.get(link[1], follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    new = "a brand new passphrase 42"
    response = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(new)

    # The link works once.
    assert "This link has expired" in client.get(link[1], follow=True).text


def test_an_account_made_from_a_class_list_can_ask_for_a_first_password_link(client):
    """Made by a teacher with no password: until it signs in, it may ask for the link again
    (the first one expired or never arrived)."""
    person = UserFactory(email="amara@example.com", password=None)
    person.set_unusable_password()
    person.save()
    client.post(reverse("password_reset"), {"email": "AMARA@example.com"})
    assert [message.to for message in mail.outbox] == [["amara@example.com"]]

    mail.outbox.clear()
    person.last_login = timezone.now()  # signs in some other way, such as the school's
    person.save()
    client.post(reverse("password_reset"), {"email": "amara@example.com"})
    assert mail.outbox == []


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
