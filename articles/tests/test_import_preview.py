"""Import through the web form, check and fix the preview, then save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Reading, ReadingDraft
from tests.factories import UserFactory

from . import SEED_READING

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_client(client):
    teacher = UserFactory(username="teacher", may_teach=True)
    client.force_login(teacher)
    client.teacher = teacher
    return client


def import_seed(client, **upload):
    data = upload or {"text": SEED_READING.read_text(encoding="utf-8")}
    response = client.post("/readings/import/", data)
    assert response.status_code == 302, response.content[:2000]
    return ReadingDraft.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def draft_post(client, draft, action, **changes):
    """Submit the preview form as it stands, with `changes` to some fields and one action."""
    data = {
        "title": draft.title,
        "byline": draft.byline,
        "author_note": draft.author_note,
        "language": draft.language,
        "direction": draft.direction,
        "action": action,
    }
    for index, block in enumerate(draft.blocks):
        data[f"text-{index}"] = block["text"]
        if block["included"]:
            data[f"include-{index}"] = "on"
        if block.get("kind") == "heading":
            data[f"heading-{index}"] = "on"
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(draft.get_absolute_url(), data)


def test_seed_preview_shows_title_byline_and_twelve_numbered_paragraphs(teacher_client):
    draft = import_seed(teacher_client)
    page = teacher_client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert draft.title == "The US Is Occupying Iraq For A Second Time"
    assert draft.byline == "Robert Inlakesh"
    assert draft.author_note.startswith("Robert Inlakesh is a journalist")
    assert len(draft.paragraphs) == 12
    assert "¶ 12" in page.text and "¶ 13" not in page.text
    assert page.text.count('class="draft-block excluded"') == len(draft.blocks) - 12
    assert "Most Popular" in page.text  # shown, greyed out, so the teacher can bring it back


def test_uploaded_seed_file_gives_the_same_draft(teacher_client):
    upload = SimpleUploadedFile("iraq.txt", SEED_READING.read_bytes(), content_type="text/plain")
    draft = import_seed(teacher_client, file=upload)
    assert draft.title == "The US Is Occupying Iraq For A Second Time"
    assert len(draft.paragraphs) == 12


def test_exclude_merge_split_then_save(teacher_client):
    draft = import_seed(teacher_client)
    first = next(i for i, b in enumerate(draft.blocks) if b["included"])
    # Leave the first paragraph out.
    response = draft_post(teacher_client, draft, "update", **{f"include-{first}": None})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert len(draft.paragraphs) == 11
    # Merge the (new) first two included paragraphs.
    second = next(i for i, b in enumerate(draft.blocks) if b["included"])
    expected = f"{draft.blocks[second]['text']} {draft.blocks[second + 1]['text']}"
    draft_post(teacher_client, draft, f"merge:{second}")
    draft.refresh_from_db()
    assert draft.blocks[second]["text"] == expected
    assert len(draft.paragraphs) == 10
    # Split it back where the teacher typed a blank line.
    before, after = expected.split(". ", 1)
    draft_post(
        teacher_client, draft, f"split:{second}", **{f"text-{second}": f"{before}.\n\n{after}"}
    )
    draft.refresh_from_db()
    assert len(draft.paragraphs) == 11
    # Save: a reading with exactly those paragraphs, and the draft is used up.
    response = draft_post(teacher_client, draft, "save")
    assert response.status_code == 302
    reading = Reading.objects.get(owner=teacher_client.teacher)
    assert [p.text for p in reading.current_paragraphs()] == draft.paragraphs
    assert reading.byline == "Robert Inlakesh"
    assert not ReadingDraft.objects.exists()


def test_htmx_merge_returns_the_form_fragment(teacher_client):
    draft = import_seed(teacher_client)
    first = next(i for i, b in enumerate(draft.blocks) if b["included"])
    data_client = teacher_client
    response = data_client.post(
        draft.get_absolute_url(),
        {
            "title": draft.title,
            "language": "en",
            "direction": "ltr",
            "action": f"merge:{first}",
            **{f"text-{i}": b["text"] for i, b in enumerate(draft.blocks)},
            **{f"include-{i}": "on" for i, b in enumerate(draft.blocks) if b["included"]},
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<form")
    assert "¶ 11" in response.text and "¶ 12" not in response.text


@pytest.mark.parametrize(
    ("action", "changes", "message"),
    [
        ("merge:999", {}, "no next block"),
        ("split:0", {}, "put a blank line"),
        ("merge:abc", {}, "Choose a block"),
        ("save", {"title": "  "}, "Give the reading a title"),
    ],
)
def test_bad_preview_actions_explain_and_change_nothing(teacher_client, action, changes, message):
    draft = import_seed(teacher_client)
    blocks = draft.blocks
    response = draft_post(teacher_client, draft, action, **changes)
    assert response.status_code == 422
    assert message.lower() in response.text.lower()
    draft.refresh_from_db()
    assert [b["text"] for b in draft.blocks] == [b["text"] for b in blocks]
    assert not Reading.objects.exists()


def test_saving_with_nothing_included_is_refused(teacher_client):
    draft = import_seed(teacher_client)
    changes = {f"include-{i}": None for i in range(len(draft.blocks))}
    response = draft_post(teacher_client, draft, "save", **changes)
    assert response.status_code == 422
    assert "Include at least one paragraph" in response.text
    assert not Reading.objects.exists()


def test_someone_elses_draft_is_not_found(teacher_client, client):
    draft = import_seed(teacher_client)
    client.force_login(UserFactory(username="nosy"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.post(draft.get_absolute_url(), {"action": "save"}).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste some text, choose a file"),
        ({"text": "   \n\n  "}, "Paste some text, choose a file"),
        ({"text": "x", "url": "https://example.org/a"}, "one of the three at a time"),
        ({"url": "ftp://example.org/file"}, "Only http:// and https:// web addresses"),
        ({"url": "http://127.0.0.1:8000/admin/"}, "it points to a loopback address"),
    ],
)
def test_bad_import_requests_get_a_message(teacher_client, data, message):
    response = teacher_client.post("/readings/import/", data)
    assert response.status_code == 422
    assert message in response.text
    assert not ReadingDraft.objects.exists()


def test_a_20_mb_upload_is_refused_with_its_size(teacher_client):
    upload = SimpleUploadedFile("big.txt", b"word " * (4 * 2**20), content_type="text/plain")
    response = teacher_client.post("/readings/import/", {"file": upload})
    assert response.status_code == 422
    assert "20.0 MB" in response.text and "10 MB" in response.text
    assert not ReadingDraft.objects.exists()


def test_a_binary_file_named_txt_is_refused(teacher_client):
    upload = SimpleUploadedFile("photo.txt", bytes(range(256)) * 64, content_type="text/plain")
    response = teacher_client.post("/readings/import/", {"file": upload})
    assert response.status_code == 422
    assert "binary data" in response.text
