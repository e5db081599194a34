"""Queue participation scores for the LMS gradebooks; run every hour by cron or a timer.

    python manage.py send_lms_grades    # the worker (`make worker`) sends them

Every assignment with an LMS gradebook column whose discussion is open, or locked within the
last week, is queued, except anonymous ones: staff send those themselves. Sending twice is
harmless: the LMS keeps the newest score.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from classroom.models import Assignment
from discussions.lms.tasks import send_grades

STILL_SENT_AFTER_LOCK = timedelta(days=7)


class Command(BaseCommand):
    help = "Queue participation scores for the LMS gradebooks of running discussions."

    def handle(self, *args, **options):
        now = timezone.now()
        assignments = (
            Assignment.objects.filter(lms_links__isnull=False, anonymous=False)
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .filter(Q(locks_at__isnull=True) | Q(locks_at__gte=now - STILL_SENT_AFTER_LOCK))
            .distinct()
            .values_list("pk", flat=True)
        )
        for assignment_id in assignments:
            send_grades.enqueue(assignment_id)
        self.stdout.write(f"Queued the grades of {len(assignments)} assignments for the worker.")
