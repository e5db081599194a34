"""Rotate the keys Colloquy signs LTI messages with: a new key signs from now on, the old one
stays published until platforms can no longer hold anything it signed."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from classroom.lti.keys import key_add, keys_retire_replaced


class Command(BaseCommand):
    help = (
        "Add a new LTI signing key; the previous keys stay in the JWKS. "
        "--retire-older-than DAYS also retires keys replaced more than DAYS days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retire-older-than",
            type=int,
            metavar="DAYS",
            help="retire keys a newer key replaced more than DAYS days ago (never the newest)",
        )
        parser.add_argument(
            "--retire-only",
            action="store_true",
            help="retire old keys without adding a new one (needs --retire-older-than)",
        )

    def handle(self, *args, **options):
        days = options["retire_older_than"]
        if options["retire_only"] and days is None:
            raise CommandError("--retire-only needs --retire-older-than DAYS.")
        if not options["retire_only"]:
            key = key_add()
            self.stdout.write(f"Added key {key.kid}; it signs from now on.")
        if days is not None:
            retired = keys_retire_replaced(before=timedelta(days=days))
            for key in retired:
                self.stdout.write(f"Retired key {key.kid} (created {key.created_at:%Y-%m-%d}).")
            if not retired:
                self.stdout.write(f"No key was replaced more than {days} days ago.")
