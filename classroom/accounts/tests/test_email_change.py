"""Changing one's e-mail address: a signed, expiring link to the new address, a heads-up to
the old one, and nothing changes until the link is opened and confirmed."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from classroom.accounts.email_change import email_change_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    return user


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_settings_offer_the_change(client, person):
    page = client.get(reverse("account_settings")).text
    assert "Change e-mail" in page
    assert f'action="{reverse("email_change")}"' in page


def test_asking_sends_a_link_to_the_new_address_and_a_heads_up_to_the_old(client, person):
    response = client.post(reverse("email_change"), {"email": "new@example.org"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "old@example.org"
    confirm, heads_up = mail.outbox
    assert confirm.to == ["new@example.org"]
    assert heads_up.to == ["old@example.org"]
    assert "new@example.org" in heads_up.body
    assert "email/confirm/" not in heads_up.body
    url = "/" + link_in(confirm)
    page = client.get(url)
    assert page.status_code == 200
    assert "new@example.org" in page.text
    person.refresh_from_db()
    assert person.email == "old@example.org"
    assert client.post(url).status_code == 302
    person.refresh_from_db()
    assert person.email == "new@example.org"
    # The link dies once the address it replaced is gone.
    again = client.post(url)
    assert again.status_code == 400
    assert "no longer valid" in again.text


def test_an_address_another_account_uses_is_refused(client, person):
    UserFactory(email="Taken@example.org")
    response = client.post(reverse("email_change"), {"email": "taken@example.org"})
    assert response.status_code == 422
    assert "Another account already uses that address" in response.text
    assert mail.outbox == []


def test_an_address_taken_after_the_link_was_sent_is_refused(client, person):
    url = reverse("email_change_confirm", args=[email_change_token(person, "late@example.org")])
    UserFactory(email="late@example.org")
    response = client.post(url)
    assert response.status_code == 400
    assert "Another account already uses that address" in response.text
    person.refresh_from_db()
    assert person.email == "old@example.org"


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_expired_and_other_peoples_links_change_nothing(client, person, method):
    token = email_change_token(person, "new@example.org")
    other = email_change_token(UserFactory(email="x@example.org"), "new@example.org")
    cases = [
        (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "not valid"),
        (other, "another account"),
    ]
    for bad, reason in cases:
        response = getattr(client, method)(reverse("email_change_confirm", args=[bad]))
        assert response.status_code == 400
        assert reason in response.text
    three_days_ago = time.time() - 3 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=three_days_ago):
        old = email_change_token(person, "new@example.org")
    response = getattr(client, method)(reverse("email_change_confirm", args=[old]))
    assert response.status_code == 400
    assert "expired" in response.text
    person.refresh_from_db()
    assert person.email == "old@example.org"


def test_an_invalid_address_is_refused(client, person):
    response = client.post(reverse("email_change"), {"email": "not an address"})
    assert response.status_code == 422
    assert mail.outbox == []
