"""Import a reading from a file or URL: preview it as JSON, or save it for a teacher."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.importing import extract_source, load_source
from articles.importing.reading import BlockKind
from articles.services import reading_save_import


class Command(BaseCommand):
    help = (
        "Import a reading from SOURCE (a .txt, .md, .html, .docx or .pdf file, or an http(s) "
        "URL) through the same pipeline as the web form."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file path or an http(s) URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported; save nothing"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object"
        )
        parser.add_argument("--owner", help="username of the teacher who will own the reading")

    def handle(self, *args, source, dry_run, as_json, owner, **options):
        owner_user = None
        if not dry_run:
            if not owner:
                raise CommandError(
                    "Name the reading's owner with --owner USERNAME (or use --dry-run)."
                )
            owner_user = get_user_model().objects.filter(username=owner).first()
            if owner_user is None:
                raise CommandError(f"No user named {owner!r}.")
        try:
            imported = extract_source(load_source(source))
            reading = None if dry_run else reading_save_import(imported=imported, owner=owner_user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if as_json:
            result = imported.as_json()
            if reading is not None:
                result["id"] = reading.pk
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self._describe(imported)
        if reading is not None and not as_json:
            self.stdout.write(self.style.SUCCESS(f"Saved reading {reading.pk}: {reading.title}"))

    def _describe(self, imported) -> None:
        self.stdout.write(f"Title:  {imported.title}")
        self.stdout.write(f"Byline: {imported.byline or '—'}")
        if imported.author_note:
            self.stdout.write(f"Author note: {imported.author_note}")
        self.stdout.write(f"Language: {imported.lang} ({imported.dir})")
        number = 0
        for block in imported.blocks:
            if block.kind == BlockKind.HEADING:
                self.stdout.write(f"  ##  {block.text}")
            elif block.included:
                number += 1
                self.stdout.write(f"¶{number:>3}  {block.text}")
            else:
                self.stdout.write(self.style.WARNING(f"  --   [{block.reason}] {block.text}"))
