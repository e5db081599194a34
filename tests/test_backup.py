"""`manage.py backup` and `restore` round trips on a real SQLite file and a PostgreSQL database."""

import re
import sqlite3
from pathlib import Path

import pytest

from tests.live import BOTH_DATABASES

UNUSUAL_TEXT = [
    "Naïve café — “quoted” ‘single’ … and a non-breaking\u00a0space",
    "Zero-width joiner family 👩‍👩‍👧‍👦, skin tone 👋🏾, flag 🇧🇷 and keycap 1️⃣",
    "Right to left: שלום עולם and مرحبا بالعالم in one line",
    "Combining marks: e\u0301 vs é, Z\u0351\u0364a\u0363lgo, Hangul 한국어, 漢字かな交じり文",
    "Astral plane: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕄𝕒𝕥𝕙 ∮ E⋅da = Q, 🜁 alchemy, 𐐷 Deseret",
    "Markdown with code `SELECT '; DROP TABLE x; --'` and a \\backslash and 'quotes'",
]

SEED = f"""
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory, make_comment
from classroom.models import Role
from discussions.models import Reaction

texts = {UNUSUAL_TEXT!r}
assignment = AssignmentFactory(reading__paragraphs=texts)
instructor = assignment.course.created_by
MembershipFactory(user=instructor, course=assignment.course, role=Role.INSTRUCTOR)
students = [
    MembershipFactory(course=assignment.course, user=UserFactory(display_name=name)).user
    for name in ["Zoë Ångström", "Łukasz Żółć", "Nguyễn Thị Ánh", "Ólafur 🦊"]
]
paragraphs = list(assignment.reading.current_paragraphs())
for index, text in enumerate(texts):
    thread = make_comment(
        author=students[index % 4], assignment=assignment, paragraph=paragraphs[index], body=text
    )
    make_comment(author=instructor, assignment=assignment, parent=thread, body=text[::-1])
print("{{}}")
"""

COMMENTS = "SELECT id, body, body_html, parent_id, status FROM discussions_comment ORDER BY id"


def snapshot(database) -> dict:
    return {"counts": database.table_counts(), "comments": database.query(COMMENTS)}


MUTATE = """
from classroom.models import Membership
from discussions.models import Comment
from tests.factories import make_comment

first = Comment.objects.order_by("pk").first()
make_comment(author=first.author, assignment=first.assignment, body="Written after the backup")
Comment.objects.update(body="overwritten", body_html="<p>overwritten</p>")
Membership.objects.filter(role="student").delete()
print("{}")
"""


def round_trip(database, tmp_path: Path) -> None:
    database.environment["BACKUP_DIR"] = str(tmp_path / "backups")
    database.python(SEED)
    before = snapshot(database)
    assert len(before["comments"]) == 2 * len(UNUSUAL_TEXT)
    assert {body for _, body, *_ in before["comments"]} >= set(UNUSUAL_TEXT)

    made = database.manage("backup")
    written = Path(re.search(r" to (\S+) \(", made.stdout).group(1))
    # The default name is a timestamped file in BACKUP_DIR.
    assert written.parent == tmp_path / "backups"
    assert re.fullmatch(r"colloquy-\d{8}-\d{6}\.(sqlite3|pgdump)", written.name)
    # Writing over an existing backup is refused.
    again = database.manage("backup", str(written), check=False)
    assert again.returncode != 0
    assert "already exists" in again.stderr

    database.python(MUTATE)
    changed = snapshot(database)
    assert changed["counts"] != before["counts"]
    assert changed["comments"] != before["comments"]

    refused = database.manage("restore", str(written), check=False)
    assert refused.returncode != 0
    assert "already holds data" in refused.stderr
    assert "--force" in refused.stderr
    assert snapshot(database) == changed

    restored = database.manage("restore", str(written), "--force")
    assert "Restored the" in restored.stdout
    after = snapshot(database)
    assert after["counts"] == before["counts"]
    assert after["comments"] == before["comments"]

    # An emptied database (only what `migrate` makes) takes a restore without --force.
    database.manage("flush", "--no-input")
    assert snapshot(database)["comments"] == []
    database.manage("restore", str(written))
    assert snapshot(database) == before


@BOTH_DATABASES
def test_backup_and_restore_bring_back_every_row_and_every_character(scratch_database, tmp_path):
    round_trip(scratch_database, tmp_path)


@BOTH_DATABASES
def test_restore_refuses_files_that_are_not_backups_of_this_kind(scratch_database, tmp_path):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("not a backup")
    result = scratch_database.manage("restore", str(stranger), check=False)
    assert result.returncode != 0
    assert "neither a SQLite database nor a pg_dump" in result.stderr
    other_kind = tmp_path / "other.backup"
    magic = b"PGDMP" if scratch_database.vendor == "sqlite" else b"SQLite format 3\x00"
    other_kind.write_bytes(magic + b"\x00" * 100)
    result = scratch_database.manage("restore", str(other_kind), check=False)
    assert result.returncode != 0
    assert "restore it into a site configured for that database" in result.stderr
    missing = scratch_database.manage("restore", str(tmp_path / "nope.sqlite3"), check=False)
    assert "No backup file at" in missing.stderr


@pytest.mark.parametrize("scratch_database", ["sqlite"], indirect=True)
def test_sqlite_backup_is_a_standalone_file_and_the_live_database_stays_in_wal(
    scratch_database, tmp_path
):
    database = scratch_database
    database.python(SEED)
    backup_file = tmp_path / "copy.sqlite3"
    database.manage("backup", str(backup_file))
    assert not (tmp_path / "copy.sqlite3-wal").exists()
    copy = sqlite3.connect(backup_file)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("SELECT COUNT(*) FROM discussions_comment").fetchone()[0] == 12
    copy.close()
    database.manage("restore", str(backup_file), "--force")
    live = sqlite3.connect(database.name)
    assert live.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    live.close()
