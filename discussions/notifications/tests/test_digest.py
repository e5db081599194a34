"""The daily e-mail digest: one message per person, never the same notice twice, sent by the
real database task worker (in this process, and as its own process on a database file)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from discussions.models import Notice
from discussions.notifications.digests import send_digests
from discussions.notifications.tasks import send_daily_digests

ROOT = Path(__file__).resolve().parents[3]
SITE = "https://colloquy.school.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def notify(user, text: str, url: str = "/comments/7/") -> Notice:
    return Notice.objects.create(user=user, text=text, url=url)


@pytest.mark.django_db
def test_one_email_lists_unread_notices_with_absolute_links(classroom):
    student = classroom.student
    notify(student, "Ben replied to your comment on “Walden”.")
    notify(student, "Already seen.").__class__.objects.filter(text="Already seen.").update(
        read_at="2026-01-01T00:00Z"
    )
    notify(student, "Tags <b>stay</b> text & so do ampersands.", url="/notices/")
    assert send_digests() == 1
    [message] = mail.outbox
    assert message.to == [student.email]
    assert message.subject == "Colloquy: 2 new notices"
    assert "Ben replied to your comment on “Walden”." in message.body
    assert f"  {SITE}/comments/7/" in message.body
    assert "Tags <b>stay</b> text & so do ampersands." in message.body  # plain text as written
    assert "Already seen." not in message.body
    assert f"{SITE}{reverse('account_settings')}" in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert "Tags &lt;b&gt;stay&lt;/b&gt; text &amp; so do ampersands." in html
    assert "<b>stay</b>" not in html
    assert f'<a href="{SITE}/comments/7/">Ben replied' in html
    assert f'href="{SITE}{reverse("discussions:notices")}"' in html


@pytest.mark.django_db
def test_a_notice_is_never_emailed_twice(classroom):
    notify(classroom.student, "First.")
    assert send_digests() == 1
    assert send_digests() == 0
    notify(classroom.student, "Second.")
    assert send_digests() == 1
    assert len(mail.outbox) == 2
    assert "First." not in mail.outbox[1].body
    assert "Second." in mail.outbox[1].body
    assert mail.outbox[1].subject == "Colloquy: 1 new notice"


@pytest.mark.django_db
def test_only_people_who_want_it_and_can_get_it(classroom):
    opted_out, no_address, inactive = classroom.classmate, classroom.ta, classroom.instructor
    opted_out.email_digest = False
    opted_out.save()
    no_address.email = ""
    no_address.save()
    inactive.is_active = False
    inactive.save()
    for person in (opted_out, no_address, inactive):
        notify(person, "Something happened.")
    assert send_digests() == 0
    assert mail.outbox == []
    assert Notice.objects.filter(emailed_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_a_long_list_says_how_many_more(classroom):
    Notice.objects.bulk_create(
        Notice(user=classroom.student, text=f"Notice {index}.") for index in range(53)
    )
    send_digests()
    [message] = mail.outbox
    assert message.subject == "Colloquy: 53 new notices"
    assert "…and 3 more." in message.body
    assert Notice.objects.filter(emailed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_failed_send_leaves_the_notices_for_next_time(
    classroom, mail_server_down, settings, caplog
):
    notify(classroom.student, "Do not lose me.")
    assert send_digests() == 0
    assert "could not be sent" in caplog.text
    assert Notice.objects.get().emailed_at is None
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert send_digests() == 1
    assert "Do not lose me." in mail.outbox[0].body


@pytest.fixture
def restore_signals():
    """The worker installs its own Ctrl-C handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_the_command_queues_it_and_the_worker_sends_it(classroom, restore_signals):
    notify(classroom.student, "Queued for the worker.")
    call_command("send_daily_digests", stdout=open(os.devnull, "w"))  # noqa: SIM115
    queued = DBTaskResult.objects.get(task_path=send_daily_digests.module_path)
    assert queued.status == "READY"
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == 1
    [message] = mail.outbox
    assert "Queued for the worker." in message.body


@pytest.mark.django_db
def test_send_now_runs_without_a_worker(classroom, capsys):
    notify(classroom.student, "Straight out.")
    call_command("send_daily_digests", "--now")
    assert "Sent 1 digest e-mail." in capsys.readouterr().out
    assert not DBTaskResult.objects.filter(task_path=send_daily_digests.module_path).exists()
    assert len(mail.outbox) == 1


SETUP = """
from classroom.models import User
from discussions.models import Notice
reader = User.objects.create_user("reader", "reader@school.example", "long enough password 1")
Notice.objects.create(user=reader, text="A reply waits for you.", url="/comments/3/")
"""


def manage(*arguments: str, env: dict) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py, with fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_separate_worker_process_sends_each_digest_once(tmp_path):
    """`make worker` for real: its own process and database file, mail printed to its output."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "EMAIL_URL", "EMAIL_HOST", "SITE_URL"}
    }
    env |= {"DEBUG": "1", "SQLITE_PATH": str(tmp_path / "colloquy.sqlite3"), "SITE_URL": SITE}
    manage("migrate", "-v0", env=env)
    manage("shell", "-c", SETUP, env=env)
    assert "Queued the daily digests" in manage("send_daily_digests", env=env)
    worker = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    output = manage(*worker, env=env)
    assert "Subject: Colloquy: 1 new notice" in output
    assert "To: reader@school.example" in output
    assert f"{SITE}/comments/3/" in output
    emailed = "print('emailed:', Notice.objects.filter(emailed_at__isnull=False).count())"
    assert "emailed: 1" in manage("shell", "-c", emailed, env=env)
    # The next day's run finds nothing new: no second e-mail.
    manage("send_daily_digests", env=env)
    assert "Subject:" not in manage(*worker, env=env)
