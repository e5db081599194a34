"""The preview points the teacher to where the importer was least sure, and splits a paragraph
at a break in one click, with htmx or a plain form post, keeping every other edit."""

import pytest

from articles.importing import Block, ImportedReading, doubts, extract_reading
from articles.models import ReadingDraft
from articles.services import draft_create
from tests.factories import UserFactory

from . import DOUBTFUL_PAGE, draft_post

pytestmark = pytest.mark.django_db

LINKS = "See the maps of every northern river and its towns and the thaw records kept online."
LINE_BREAK = "The thaw comes earlier now.\nThose records show it arriving earlier in each decade"
GLUED = "The harbour masters were careful people.They wrote down the weather"
EDGE = "This story first ran in our spring issue"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def teacher_client(client):
    client.force_login(UserFactory(username="teacher", may_teach=True))
    return client


def import_page(client) -> ReadingDraft:
    response = client.post("/readings/import/", {"text": DOUBTFUL_PAGE.read_text("utf-8")})
    assert response.status_code == 302, response.content[:2000]
    return ReadingDraft.objects.get()


def index_of(draft, opening: str) -> int:
    return next(i for i, block in enumerate(draft.blocks) if block["text"].startswith(opening))


def block_html(page: str, index: int) -> str:
    start = page.rindex("<li", 0, page.index(f'id="block-{index}"'))
    return page[start : page.index("</li>\n", page.index("block-actions", start))]


def test_the_importer_notes_its_narrow_decisions():
    imported = extract_reading(data=DOUBTFUL_PAGE.read_bytes())
    noted = {block.text[:20]: block.doubt for block in imported.blocks if block.doubt}
    assert noted == {LINKS[:20]: doubts.MOSTLY_LINKS, EDGE[:20]: doubts.SHORT_AT_EDGE}


@pytest.mark.parametrize(
    ("byline", "confidence", "reasons", "doubt"),
    [
        ("Ana Ruiz", 0.6, [None], doubts.THIN_BYLINE),
        ("Ana Ruiz", 0.8, [None], ""),
        # The page prints "By Ana Ruiz": the teacher sees where it came from.
        ("Ana Ruiz", 0.6, [None, "byline"], ""),
        ("", 0.3, [None], ""),
    ],
)
def test_a_byline_on_thin_evidence_is_doubted(byline, confidence, reasons, doubt):
    assert doubts.byline_doubt(byline, confidence, reasons) == doubt


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("One line.\nAnother line.", [10]),
        ("Careful people.They wrote.", [15]),
        ("Careful people.”They wrote.", [16]),
        # Not sentences run together: initials, a decimal, a file name, a web address.
        ("The U.S.Army and 3.5 per cent of app.js on example.com.", []),
        ("One line.", []),
    ],
)
def test_break_places(text, places):
    assert doubts.break_places(text) == places


def test_the_preview_lists_the_places_to_check_first_and_marks_each(teacher_client):
    draft = import_page(teacher_client)
    page = teacher_client.get(draft.get_absolute_url()).text
    summary = page[page.index('class="doubt-summary"') : page.index('class="draft-details"')]
    assert "Check these 4 places first" in summary
    expected = {
        LINKS: "Kept, but most of its words are links",
        LINE_BREAK: "It has line breaks",
        GLUED: "A sentence runs into the next with no space",
        EDGE: "Kept at the edge of the article, but it is not a full paragraph",
    }
    for opening, words in expected.items():
        index = index_of(draft, opening)
        assert f'<a href="#id_text-{index}">¶ ' in summary
        assert words in summary
        block = block_html(page, index)
        assert 'class="draft-block doubtful"' in block
        assert f'<strong class="doubt-flag">Check:</strong> {words}' in block
        assert f'aria-describedby="id_text-{index}_doubt"' in block
    # A sure paragraph carries no mark.
    assert "Check:" not in block_html(page, index_of(draft, "The northern rivers"))


def test_a_byline_on_thin_evidence_is_marked_at_the_byline(teacher_client):
    imported = ImportedReading(
        title="Rivers",
        byline="Ana Ruiz",
        byline_doubt=doubts.THIN_BYLINE,
        blocks=[Block("The rivers freeze.")],
    )
    owner = UserFactory(username="owner", may_teach=True)
    draft = draft_create(owner=owner, imported=imported)
    teacher_client.force_login(owner)
    page = teacher_client.get(draft.get_absolute_url()).text
    assert "Check this place first" in page
    assert '<a href="#id_byline">Byline: Little on the page says who wrote it' in page
    assert 'aria-describedby="id_byline_helptext"' in page
    # Once the teacher changes the byline, it is hers: no doubt left.
    draft_post(teacher_client, draft, "update", byline="Ana Ruiz Soto")
    page = teacher_client.get(draft.get_absolute_url()).text
    assert "doubt-summary" not in page and "Little on the page" not in page


def test_a_block_the_teacher_decided_about_loses_its_mark(teacher_client):
    draft = import_page(teacher_client)
    edge = index_of(draft, EDGE)
    draft_post(teacher_client, draft, "update", **{f"include-{edge}": None})
    page = teacher_client.get(draft.get_absolute_url()).text
    assert "Check these 3 places first" in page
    assert "Check:" not in block_html(page, edge)


def test_each_line_break_offers_split_here(teacher_client):
    draft = import_page(teacher_client)
    index = index_of(draft, LINE_BREAK)
    block = block_html(teacher_client.get(draft.get_absolute_url()).text, index)
    at = draft.blocks[index]["text"].index("\n") + 1
    assert f'value="split-at:{index}:{at}"' in block
    assert "…The thaw comes earlier now." in block
    assert 'aria-label="Split here, before “Those records show it arriving…”">Split here<' in block


def kept_edits(draft) -> dict:
    """Changes elsewhere in the preview that a split must not lose."""
    links, edge = index_of(draft, LINKS), index_of(draft, EDGE)
    return {
        "title": "Rivers of the far North",
        f"include-{edge}": None,
        f"text-{links}": "Maps of the rivers are online.",
    }


def assert_edits_kept(draft) -> None:
    draft.refresh_from_db()
    assert draft.title == "Rivers of the far North"
    assert not draft.blocks[index_of(draft, EDGE)]["included"]
    assert draft.blocks[index_of(draft, "Maps of the rivers")]["included"]


def test_split_here_without_script_keeps_every_other_edit(teacher_client):
    draft = import_page(teacher_client)
    index = index_of(draft, LINE_BREAK)
    count = len(draft.blocks)
    at = draft.blocks[index]["text"].index("\n") + 1
    response = draft_post(teacher_client, draft, f"split-at:{index}:{at}", **kept_edits(draft))
    assert response.status_code == 302
    assert response.url.endswith(f"#block-{index}")
    assert_edits_kept(draft)
    assert len(draft.blocks) == count + 1
    assert draft.blocks[index]["text"] == "The thaw comes earlier now."
    assert draft.blocks[index + 1]["text"].startswith("Those records show it")
    assert draft.blocks[index + 1]["included"]


def test_split_here_with_htmx_swaps_the_form_and_goes_on_from_the_new_paragraph(teacher_client):
    draft = import_page(teacher_client)
    index = index_of(draft, GLUED)
    at = draft.blocks[index]["text"].index("They wrote")
    response = draft_post(
        teacher_client, draft, f"split-at:{index}:{at}", HTMX, **kept_edits(draft)
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<form")
    assert f'id="id_text-{index + 1}"' in response.text
    new = response.text[response.text.index(f'id="id_text-{index + 1}"') :][:300]
    assert " autofocus>They wrote down the weather" in new
    # Apart, the glued sentences are no longer a doubt; the blocks edited are answered; the
    # line break is left.
    assert "Check this place first" in response.text
    assert "It has line breaks" in response.text
    assert_edits_kept(draft)
    assert draft.blocks[index]["text"] == "The harbour masters were careful people."


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("place", "changes"),
    [
        ("99999", {}),  # past the end of the text
        ("5", {}),  # inside a word, not a break
        ("0", {}),
        ("x", {}),
        ("", {}),
        # Where the line break was, but the teacher has just typed it away.
        ("28", {"text": "The thaw comes earlier now, as those records show."}),
    ],
)
def test_split_here_at_a_place_that_is_no_break_explains_and_keeps_the_text(
    teacher_client, place, changes, htmx
):
    draft = import_page(teacher_client)
    index = index_of(draft, LINE_BREAK)
    before = [block["text"] for block in draft.blocks]
    edits = {f"text-{index}": changes["text"]} if changes else {}
    headers = HTMX if htmx else None
    response = draft_post(teacher_client, draft, f"split-at:{index}:{place}", headers, **edits)
    assert response.status_code == 422
    assert "This block no longer divides there" in response.text
    assert f'<ul class="errorlist" id="id_text-{index}_error">' in response.text
    draft.refresh_from_db()
    assert len(draft.blocks) == len(before)
    assert draft.blocks[index]["text"] == changes.get("text", before[index])


def test_split_here_in_a_block_that_is_not_there_explains(teacher_client):
    draft = import_page(teacher_client)
    response = draft_post(teacher_client, draft, "split-at:999:10")
    assert response.status_code == 422
    assert "This block no longer divides there" in response.text


def test_split_here_in_someone_elses_draft_is_not_found(teacher_client, client):
    draft = import_page(teacher_client)
    client.force_login(UserFactory(username="nosy", may_teach=True))
    assert draft_post(client, draft, "split-at:4:28").status_code == 404
