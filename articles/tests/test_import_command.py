"""``manage.py import_reading``: the same pipeline as the web form, from a file or a URL."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Reading
from tests.factories import UserFactory

from . import SEED_READING
from .document_files import make_docx
from .test_importing import SEED_TITLE, expected_seed_paragraphs

pytestmark = pytest.mark.django_db


def run(*arguments) -> str:
    output = StringIO()
    call_command("import_reading", *arguments, stdout=output)
    return output.getvalue()


def test_dry_run_json_prints_the_import_and_saves_nothing():
    result = json.loads(run(str(SEED_READING), "--dry-run", "--json"))
    assert list(result) == ["title", "byline", "author_note", "paragraphs", "lang", "dir", "kinds"]
    assert result["title"] == SEED_TITLE
    assert result["byline"] == "Robert Inlakesh"
    assert result["author_note"].startswith("Robert Inlakesh is a journalist")
    assert result["paragraphs"] == expected_seed_paragraphs()
    assert result["kinds"] == ["paragraph"] * len(result["paragraphs"])
    assert (result["lang"], result["dir"]) == ("en", "ltr")
    assert not Reading.objects.exists()


def test_dry_run_without_json_lists_numbered_and_excluded_blocks():
    output = run(str(SEED_READING), "--dry-run")
    assert f"Title:  {SEED_TITLE}" in output
    assert "¶ 12  If Trump continues" in output
    assert "[site chrome] Most Popular" in output


def test_saving_needs_an_owner_and_then_saves_for_that_teacher():
    with pytest.raises(CommandError, match="--owner"):
        run(str(SEED_READING))
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run(str(SEED_READING), "--owner", "nobody")
    teacher = UserFactory(username="rivera")
    output = run(str(SEED_READING), "--owner", "rivera")
    reading = Reading.objects.get()
    assert f"Saved reading {reading.pk}" in output
    assert reading.owner == teacher
    assert reading.title == SEED_TITLE
    assert reading.current_paragraphs().count() == 12


def test_a_word_file_is_imported(tmp_path):
    path = tmp_path / "essay.docx"
    path.write_bytes(
        make_docx(
            title="An Essay",
            byline="A. Student",
            paragraphs=["The first paragraph says something.", "The second one too."],
        )
    )
    result = json.loads(run(str(path), "--dry-run", "--json"))
    assert result["title"] == "An Essay"
    assert result["paragraphs"] == ["The first paragraph says something.", "The second one too."]


def test_missing_files_and_bad_input_are_command_errors(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "absent.txt"), "--dry-run")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    UserFactory(username="rivera")
    with pytest.raises(CommandError, match="no text to import"):
        run(str(empty), "--owner", "rivera")
    assert not Reading.objects.exists()


def test_urls_go_through_the_safe_fetcher(allow_private, server):
    result = json.loads(run(f"{server}/redirect", "--dry-run", "--json"))
    assert result["title"] == "Local Article"
    assert len(result["paragraphs"]) == 6
    UserFactory(username="rivera")
    for path, message in [("/missing", "HTTP 404"), ("/photo", "image/png")]:
        with pytest.raises(CommandError, match=message):
            run(f"{server}{path}", "--owner", "rivera")
    assert not Reading.objects.exists()


def test_private_addresses_are_refused_from_the_command_line_too():
    with pytest.raises(CommandError, match="loopback"):
        run("http://127.0.0.1:8000/admin/", "--dry-run")
