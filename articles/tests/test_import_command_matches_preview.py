"""``import_reading --dry-run --json`` shows exactly what the web preview would hold."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Reading, ReadingDraft
from tests.factories import UserFactory

from . import CORPUS_DIR, SEED_READING

pytestmark = pytest.mark.django_db

ARABIC_PAGE = CORPUS_DIR / "articles" / "cnn-arabic-syria-clashes" / "source.html"


def command_json(path) -> dict:
    output = StringIO()
    call_command("import_reading", str(path), "--dry-run", "--json", stdout=output)
    return json.loads(output.getvalue())


def preview_draft(client, data: dict) -> ReadingDraft:
    response = client.post("/readings/import/", data)
    assert response.status_code == 302, response.content[:2000]
    return ReadingDraft.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def as_command_json(draft: ReadingDraft) -> dict:
    return {
        "title": draft.title,
        "byline": draft.byline,
        "author_note": draft.author_note,
        "paragraphs": draft.paragraphs,
        "lang": draft.language,
        "dir": draft.direction,
        "kinds": draft.kinds,
    }


@pytest.fixture
def teacher_client(client):
    client.force_login(UserFactory(username="teacher", may_teach=True))
    return client


@pytest.mark.parametrize("way_in", ["paste", "upload"])
def test_the_seed_gives_the_same_reading_on_the_command_line_and_in_the_preview(
    teacher_client, way_in
):
    if way_in == "paste":
        data = {"text": SEED_READING.read_text(encoding="utf-8")}
    else:
        data = {
            "file": SimpleUploadedFile(SEED_READING.name, SEED_READING.read_bytes(), "text/plain")
        }
    draft = preview_draft(teacher_client, data)
    printed = command_json(SEED_READING)
    assert printed == as_command_json(draft)
    assert len(printed["paragraphs"]) == 12
    assert not Reading.objects.exists()


def test_a_web_page_file_gives_the_same_reading_on_the_command_line_and_in_the_preview(
    teacher_client,
):
    upload = SimpleUploadedFile("source.html", ARABIC_PAGE.read_bytes(), "text/html")
    draft = preview_draft(teacher_client, {"file": upload})
    printed = command_json(ARABIC_PAGE)
    assert printed == as_command_json(draft)
    assert (printed["lang"], printed["dir"]) == ("ar", "rtl")
