"""Login throttling, session rotation and a clean production deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from classroom.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def attempt(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(client):
    user = UserFactory(username="maria", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "maria", "wrong guess").status_code == 200
    locked = attempt(client, "maria", "wrong guess")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.text
    # Even the right password is refused until the cool-off ends.
    assert attempt(client, "maria", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same place is unaffected.
    UserFactory(username="jon", password=PASSWORD)
    assert attempt(client, "jon", PASSWORD).status_code == 302
    assert user.pk is not None


def test_a_successful_login_resets_the_count(client):
    UserFactory(username="maria", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "maria", "wrong guess")
    assert attempt(client, "maria", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "maria", "wrong guess").status_code == 200


def test_logging_in_rotates_the_session_key(client):
    UserFactory(username="maria", password=PASSWORD)
    client.get("/accounts/login/")
    client.session["probe"] = 1
    before = client.session.session_key
    attempt(client, "maria", PASSWORD)
    assert client.session.session_key != before


def test_short_and_common_passwords_are_refused_at_sign_up(client):
    for password in ("short1", "password123"):
        response = client.post(
            "/accounts/signup/",
            {"username": "newbie", "password1": password, "password2": password},
        )
        assert response.status_code == 200
        assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize(
    "mail",
    [
        {"EMAIL_HOST": "mail.example.org"},
        {"EMAIL_URL": "smtp+tls://colloquy%40example.org:app-password@mail.example.org"},
    ],
)
def test_production_settings_pass_the_deploy_check(mail):
    root = Path(settings.BASE_DIR)
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment
    # would not have it, and the deploy check rightly refuses it (async.E001).
    dev_only = {
        "DEBUG",
        "DATABASE_URL",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "SECURE_SSL_REDIRECT",
    }
    env = {key: value for key, value in os.environ.items() if key not in dev_only}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "x7#Lq9-not-a-real-key-but-long-and-random-enough-for-the-check-4Kp2Zr",
        "ALLOWED_HOSTS": "colloquy.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://colloquy.example.org",
        **mail,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize(
    "secret_key", [None, "changeme", "x" * 60, "django-insecure-" + "k3y-f0r-d3v3l0pm3nt" * 3]
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env["DEBUG"] = "0"
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
