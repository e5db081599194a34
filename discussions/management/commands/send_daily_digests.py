"""Queue today's e-mail digests for the worker; run once a day by cron or a systemd timer.
Being the daily job, it also forgets posting keys older than a week.

    python manage.py send_daily_digests          # the worker (`make worker`) sends them
    python manage.py send_daily_digests --now    # send them from this process, no worker

Running it twice in a day is harmless: a notice is only ever e-mailed once.
"""

from django.core.management.base import BaseCommand

from discussions.notifications.digests import send_digests
from discussions.notifications.tasks import send_daily_digests
from discussions.posting_keys import posting_keys_forget_expired


class Command(BaseCommand):
    help = "Queue the daily e-mail digests for the worker, or send them now with --now."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Send from this process instead of the worker."
        )

    def handle(self, *args, now: bool = False, **options):
        forgotten = posting_keys_forget_expired()
        self.stdout.write(f"Forgot {forgotten} old posting key{'s' if forgotten != 1 else ''}.")
        if now:
            sent = send_digests()
            self.stdout.write(f"Sent {sent} digest e-mail{'s' if sent != 1 else ''}.")
            return
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Queued the daily digests for the worker (task {result.id}).")
