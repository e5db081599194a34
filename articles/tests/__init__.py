"""Tests for readings and their import; the data they read is kept in data/ beside them."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_DIR = DATA_DIR / "corpus"
SEED_READING = DATA_DIR / "readings" / "us-occupying-iraq.txt"
# A page where the importer has reasons for doubt: a paragraph mostly links, one with a line
# break, two sentences run together, a short line at the end of the article.
DOUBTFUL_PAGE = DATA_DIR / "readings" / "rivers-with-doubts.html"


def draft_post(client, draft, action, headers=None, **changes):
    """Submit the preview form as it stands, with `changes` to some fields and one action
    (and `headers`, say htmx's)."""
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
    return client.post(draft.get_absolute_url(), data, headers=headers)
