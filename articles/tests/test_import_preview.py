"""Import through the web form, check and fix the preview, then save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Reading, ReadingDraft
from tests.factories import UserFactory

from . import SEED_READING, draft_post

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
        ("split:0", {}, "put the cursor there, or pick its first sentence"),
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


def first_included(draft) -> int:
    return next(i for i, b in enumerate(draft.blocks) if b["included"])


def test_split_at_the_cursor_needs_no_blank_line(teacher_client):
    draft = import_seed(teacher_client)
    index = first_included(draft)
    text = draft.blocks[index]["text"]
    # The page's script sends the cursor as counted in the box: leading space and CR LF too.
    typed = "  " + text[:40] + "\r\n" + text[40:]
    response = draft_post(
        teacher_client, draft, f"split:{index}", **{f"text-{index}": typed, "split_caret": 43}
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#block-{index}")
    draft.refresh_from_db()
    assert draft.blocks[index]["text"] == text[:40].strip()
    assert draft.blocks[index + 1]["text"] == text[40:].strip()


def test_split_before_a_chosen_sentence_works_without_script(teacher_client):
    draft = import_seed(teacher_client)
    index = first_included(draft)
    text = "First sentence here. “Second one,” she said! And a third?"
    draft_post(teacher_client, draft, "update", **{f"text-{index}": text})
    draft.refresh_from_db()
    page = teacher_client.get(draft.get_absolute_url()).text
    assert "“And a third?…”" in page
    response = draft_post(teacher_client, draft, f"split:{index}", **{f"split-{index}": "2"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.blocks[index]["text"] == "First sentence here. “Second one,” she said!"
    assert draft.blocks[index + 1]["text"] == "And a third?"


def test_a_split_error_sits_beside_its_block_and_in_the_summary_and_keeps_the_edits(
    teacher_client,
):
    draft = import_seed(teacher_client)
    index = first_included(draft)
    edited = "One sentence only, edited by the teacher"
    response = draft_post(
        teacher_client,
        draft,
        f"split:{index}",
        **{f"text-{index}": edited, f"split-{index}": "1"},
    )
    assert response.status_code == 422
    page = response.text
    summary = page[page.index("data-error-summary") : page.index('class="draft-details"')]
    assert 'role="alert"' in page[page.index('class="error-summary"') - 40 :][:120]
    assert f'href="#id_text-{index}"' in summary
    assert "¶ 1: That sentence is no longer in this block." in summary
    block = page[page.index(f'id="block-{index}"') :][:2000]
    assert f'aria-describedby="id_text-{index}_error"' in block
    assert f'<ul class="errorlist" id="id_text-{index}_error">' in block
    # The edit is kept on the draft, so leaving now loses nothing and needs no warning.
    assert "data-unsaved" not in page
    draft.refresh_from_db()
    assert draft.blocks[index]["text"] == edited


def test_a_form_that_cannot_be_applied_keeps_what_was_typed_and_warns_before_leaving(
    teacher_client,
):
    draft = import_seed(teacher_client)
    index = first_included(draft)
    before = draft.blocks[index]["text"]
    response = draft_post(
        teacher_client, draft, "update", language="", **{f"text-{index}": "Typed, not kept"}
    )
    assert response.status_code == 422
    assert "Typed, not kept</textarea>" in response.text
    assert "data-unsaved" in response.text
    assert 'href="#id_language"' in response.text
    draft.refresh_from_db()
    assert draft.blocks[index]["text"] == before


def test_a_missing_title_is_shown_at_the_title(teacher_client):
    draft = import_seed(teacher_client)
    response = draft_post(teacher_client, draft, "save", title=" ")
    assert response.status_code == 422
    assert '<ul class="errorlist" id="id_title_error"><li>Give the reading a title.' in (
        response.text
    )
    assert 'href="#id_title"' in response.text


def test_unfinished_drafts_are_listed_to_resume_or_discard(teacher_client, client):
    draft = import_seed(teacher_client)
    listing = teacher_client.get("/readings/").text
    assert draft.get_absolute_url() in listing
    discard = f"/readings/drafts/{draft.pk}/discard/"
    assert discard in listing
    confirm = teacher_client.get(discard)
    assert confirm.status_code == 200
    assert "Discard the draft?" in confirm.text
    assert ReadingDraft.objects.filter(pk=draft.pk).exists()

    other = UserFactory(username="other-teacher", may_teach=True)
    client.force_login(other)
    assert client.post(discard).status_code == 404
    assert draft.get_absolute_url() not in client.get("/readings/").text

    client.force_login(draft.owner)
    response = client.post(discard)
    assert response.status_code == 302
    assert not ReadingDraft.objects.filter(pk=draft.pk).exists()
    assert "Not finished yet" not in client.get("/readings/").text
