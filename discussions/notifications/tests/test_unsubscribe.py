"""One-click unsubscribe from the daily e-mail (RFC 8058): a signed link in every digest, a
confirm page without logging in, and a POST a mail client can send without a CSRF token."""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from discussions.models import Notice
from discussions.notifications.digests import send_digests

pytestmark = pytest.mark.django_db
SITE = "https://colloquy.school.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def digest_for(user):
    Notice.objects.create(user=user, text="Someone replied.", url="/notices/")
    mail.outbox.clear()
    assert send_digests() == 1
    [message] = mail.outbox
    return message


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    match = re.fullmatch(rf"<{re.escape(SITE)}(/[^>]+)>", header)
    assert match, header
    return match.group(1)


def test_every_digest_carries_the_one_click_headers_and_link(classroom):
    message = digest_for(classroom.student)
    path = unsubscribe_path(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{SITE}{path}" in message.body
    [(html, _)] = message.alternatives
    assert f'href="{SITE}{path}"' in html


def test_the_link_shows_a_confirm_button_and_changes_nothing_on_get(classroom):
    path = unsubscribe_path(digest_for(classroom.student))
    response = Client().get(path)
    assert response.status_code == 200
    assert "Stop the daily e-mail" in response.text
    assert f'action="{path}"' in response.text
    classroom.student.refresh_from_db()
    assert classroom.student.email_digest is True


def test_a_mail_clients_post_without_csrf_token_turns_it_off(classroom):
    path = unsubscribe_path(digest_for(classroom.student))
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will get no more daily e-mails" in response.text
    classroom.student.refresh_from_db()
    assert classroom.student.email_digest is False
    # Nothing more goes out, and a second click is harmless.
    Notice.objects.create(user=classroom.student, text="Another.", url="/")
    mail.outbox.clear()
    assert send_digests() == 0
    assert client.post(path).status_code == 200


@pytest.mark.parametrize("tamper", ["garbage", "swap"])
def test_a_bad_token_is_a_clear_400_and_changes_nothing(tamper, classroom):
    path = unsubscribe_path(digest_for(classroom.student))
    if tamper == "swap":
        # A token signed for another purpose (or another person) must not pass.
        path = path.replace(path.rstrip("/").rsplit("/", 1)[1], "MQ:1vXyZa:abc")
    else:
        path = reverse("discussions:unsubscribe", args=["not-a-token"])
    for method in ("get", "post"):
        response = getattr(Client(enforce_csrf_checks=True), method)(path)
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.text
    classroom.student.refresh_from_db()
    assert classroom.student.email_digest is True


def test_an_expired_token_is_refused(classroom, monkeypatch):
    path = unsubscribe_path(digest_for(classroom.student))
    later = time.time() + 400 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 400
    assert "expired" in response.text
    classroom.student.refresh_from_db()
    assert classroom.student.email_digest is True
