"""The importer's rules must carry over to pages nobody tuned for, so its source names no site:
no web address and none of the corpus's sites (the first word of each corpus folder's name)."""

import re
from pathlib import Path

from . import CORPUS_DIR

IMPORTER = Path(__file__).resolve().parent.parent / "importing"
_HOSTNAME = re.compile(
    r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|info|gov|edu|io|co|tv|gg|me|news|blog|uk|"
    r"de|fr|es|it|pt|cz|jp|cn|kr|tw|hk|ru|lv|id|br|ar|am|mm|in|au|ca|nl|tn)\b",
    re.IGNORECASE,
)
# Corpus site names that are also ordinary words the rules need: a profession in author bios,
# and the wire agency that photo credits name on pages of every site.
ORDINARY_WORDS = {"economist", "reuters"}


def _importer_source() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(IMPORTER.glob("*.py")))


def _corpus_sites() -> set[str]:
    folders = [folder for collection in ("articles", "snippet_checks")
               for folder in (CORPUS_DIR / collection).iterdir() if folder.is_dir()]  # fmt: skip
    return {folder.name.split("-")[0].casefold() for folder in folders} - ORDINARY_WORDS


def test_the_importer_names_no_web_address():
    assert not sorted(set(_HOSTNAME.findall(_importer_source())))


def test_the_importer_names_no_site_of_the_corpus():
    words = set(re.findall(r"\w+", _importer_source().casefold()))
    assert not sorted(words & _corpus_sites())


def test_the_scan_finds_a_site_name(tmp_path):
    """The scan itself works: a rule naming one of the corpus's sites would be caught."""
    assert "yahoo" in _corpus_sites()
    assert _HOSTNAME.findall('if url.endswith("news.example.co.uk"):')
