"""A reading's sub-headings: stored as headings, numbered around, edited with ## and toggled in
the import preview."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import ParagraphKind, Reading, ReadingDraft
from articles.services import reading_create, reading_revise
from tests.factories import UserFactory

from . import draft_post

pytestmark = pytest.mark.django_db

HEADING, PARAGRAPH = ParagraphKind.HEADING, ParagraphKind.PARAGRAPH
TEXT = (
    "Rivers shape the land they cross.\n\n"
    "## Where rivers begin\n\n"
    "Most begin as rain on high ground.\n\n"
    "Some begin as melting ice.\n\n"
    "## Where they end\n\n"
    "All of them reach the sea in the end."
)


@pytest.fixture
def teacher(client):
    teacher = UserFactory(username="teacher", may_teach=True)
    client.force_login(teacher)
    return teacher


def shape(reading: Reading) -> list[tuple[str, int | None, str]]:
    return [(p.kind, p.number, p.text) for p in reading.current_paragraphs()]


def test_a_pasted_reading_keeps_its_headings_and_numbers_only_its_paragraphs(client, teacher):
    response = client.post("/readings/new/", {"title": "Rivers", "text": TEXT})
    assert response.status_code == 302
    reading = Reading.objects.get()
    assert shape(reading) == [
        (PARAGRAPH, 1, "Rivers shape the land they cross."),
        (HEADING, None, "Where rivers begin"),
        (PARAGRAPH, 2, "Most begin as rain on high ground."),
        (PARAGRAPH, 3, "Some begin as melting ice."),
        (HEADING, None, "Where they end"),
        (PARAGRAPH, 4, "All of them reach the sea in the end."),
    ]
    page = client.get(reading.get_absolute_url()).text
    heading = reading.current_paragraphs().get(text="Where they end")
    assert f'<h2 class="reading-section" id="{heading.anchor}">Where they end</h2>' in page
    assert f'<a href="#{heading.anchor}">Where they end</a>' in page  # Contents


def test_the_edit_form_shows_headings_with_their_marks_so_saving_keeps_them(client, teacher):
    reading = reading_create(
        owner=teacher,
        title="Rivers",
        paragraphs=["Intro text.", "Begin", "Rain."],
        kinds=[PARAGRAPH, HEADING, PARAGRAPH],
    )
    form = client.get(f"/readings/{reading.pk}/edit/").context["form"]
    assert form.initial["text"] == "Intro text.\n\n## Begin\n\nRain."
    data = {"title": "Rivers", "text": form.initial["text"] + "\n\n### End\n\nSea."}
    assert client.post(f"/readings/{reading.pk}/edit/", data).status_code == 302
    reading.refresh_from_db()
    assert [(kind, number) for kind, number, _text in shape(reading)] == [
        (PARAGRAPH, 1), (HEADING, None), (PARAGRAPH, 2), (HEADING, None), (PARAGRAPH, 3),
    ]  # fmt: skip


def test_a_reading_of_nothing_but_headings_is_refused(client, teacher):
    response = client.post("/readings/new/", {"title": "Rivers", "text": "## One\n\n## Two"})
    assert response.status_code == 422
    assert "Write at least one paragraph as well as the headings." in response.text
    with pytest.raises(ValidationError):
        reading_create(owner=teacher, title="Rivers", paragraphs=["One"], kinds=[HEADING])


@pytest.mark.parametrize(
    ("made_heading", "comments_go_to"),
    [
        ("Most begin as rain on high ground.", "Some begin as melting ice."),
        # The last paragraph has no paragraph after it: its comments go to the one before.
        ("All of them reach the sea in the end.", "Some begin as melting ice."),
    ],
)
def test_a_paragraph_made_a_heading_hands_its_place_to_a_paragraph(
    teacher, made_heading, comments_go_to
):
    texts = [
        "Rivers shape the land they cross.",
        "Most begin as rain on high ground.",
        "Some begin as melting ice.",
        "All of them reach the sea in the end.",
    ]
    reading = reading_create(owner=teacher, title="Rivers", paragraphs=texts)
    before = {p.text: p for p in reading.current_paragraphs()}
    kinds = [HEADING if text == made_heading else PARAGRAPH for text in texts]
    reading_revise(reading=reading, paragraphs=texts, kinds=kinds, editor=teacher)
    moved = before[made_heading]
    moved.refresh_from_db()
    assert moved.successor.text == comments_go_to
    assert not moved.successor.is_heading
    # The others stay on their own text.
    for text, old in before.items():
        if text != made_heading:
            old.refresh_from_db()
            assert old.successor.text == text


def test_the_preview_toggles_a_block_between_heading_and_paragraph(client, teacher):
    text = (
        "The Water Cycle\n\n"
        "Water moves between the oceans, the air and the land in a cycle that never stops.\n\n"
        "Evaporation\n\n"
        "The sun warms the sea and some of the water rises into the air as vapour.\n\n"
        "Rain falls"
    )
    response = client.post("/readings/import/", {"text": text})
    draft = ReadingDraft.objects.get()
    # The first block, left out, is the title.
    kinds = [block["kind"] for block in draft.blocks]
    assert kinds == [PARAGRAPH, PARAGRAPH, HEADING, PARAGRAPH, PARAGRAPH]
    page = client.get(response["Location"]).text
    assert 'name="heading-2" id="id_heading-2" checked' in page
    assert "¶ 3" in page and "¶ 4" not in page  # the heading is not numbered
    # Without JavaScript: untick one heading, tick another, and apply.
    response = draft_post(client, draft, "update", **{"heading-2": None, "heading-4": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    kinds = [block["kind"] for block in draft.blocks]
    assert kinds == [PARAGRAPH, PARAGRAPH, PARAGRAPH, PARAGRAPH, HEADING]
    assert draft_post(client, draft, "save").status_code == 302
    assert shape(Reading.objects.get())[-1] == (HEADING, None, "Rain falls")


def test_a_draft_kept_before_headings_existed_reads_as_paragraphs(client, teacher):
    draft = ReadingDraft.objects.create(
        owner=teacher,
        title="Old draft",
        blocks=[
            {"text": "One.", "included": True, "reason": ""},
            {"text": "Two.", "included": True, "reason": ""},
        ],
    )
    assert draft.kinds == [PARAGRAPH, PARAGRAPH]
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert draft_post(client, draft, "save").status_code == 302
    assert shape(Reading.objects.get()) == [(PARAGRAPH, 1, "One."), (PARAGRAPH, 2, "Two.")]
