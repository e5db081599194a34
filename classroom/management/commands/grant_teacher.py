"""Approve an account as a teacher (or take it back) when TEACHING_SIGNUP is "approved"."""

from django.core.management.base import BaseCommand, CommandError

from classroom.models import User


class Command(BaseCommand):
    help = "Let USERNAME create courses and import readings; --revoke takes it back."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--revoke", action="store_true", help="stop approving this account as a teacher"
        )

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account is called {options['username']!r}.")
        user.may_teach = not options["revoke"]
        user.save(update_fields=["may_teach"])
        if user.may_teach:
            self.stdout.write(f"{user.username} may now create courses and import readings.")
        else:
            note = " (still allowed: site admin)" if user.is_site_admin else ""
            self.stdout.write(f"{user.username} is no longer an approved teacher{note}.")
