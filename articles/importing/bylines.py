"""Who wrote it: "By …" lines, people's names, and the short biography of an author."""

import re

from .candidates import Hints
from .dates import is_date_stamp, is_date_word
from .page_evidence import Evidence, Source
from .text_shape import collapse_spaces, normalise, overlap, words
from .tuning import Tuning

# "By" in the languages of our readings, as a whole word ("Deal Professor" is not "de al
# Professor"); the writing systems without spaces run it into the name.
_PREFIX_WORDS = (
    r"(?:(?:by|written by|words by|story by|text by|posted by|reported by|por|par|de|von|di|"
    r"door|av|af|przez|autor|autorka|author|автор|بقلم)\b|作者|撰文|記者|记者|글)"
)
# "By …"; the name must still look like one (see below).
_BYLINE_PREFIX = re.compile(rf"^{_PREFIX_WORDS}\s*[:\-–—：]?\s*(?P<name>\S.*)$", re.IGNORECASE)
# A label that only says "By", or holds a date or a count: not the name it introduces.
_LABEL = re.compile(rf"^{_PREFIX_WORDS}\W*$|\d", re.IGNORECASE)
_BY_WORD = re.compile(r"(?<=\s)by\s", re.IGNORECASE)
# Words a publishing system puts where a name should be: an account, not a person.
_ACCOUNTS = {
    "admin", "administrator", "webmaster", "root", "guest", "user", "anonymous", "unknown",
    "author", "editor", "editors", "staff", "autor", "作者",
}  # fmt: skip
# Academic and professional letters after a name ("Jane Doe, MS, RD"; "Jane Doe PhD").
_CREDENTIAL = re.compile(r"^(?:[A-Z]{1,5}|Ph\.?D|M\.?D|Dr|Jr|Sr|[A-Z]\.(?:[A-Z]\.)+)\.?$")
_HOSTNAME = re.compile(r"\w\.[a-z]{2,}$", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(
    r"\s*(?:[;,、](?:\s*(?:and|y|et|und|e|&)\s)?|\s&\s|\s(?:and|y|et|und|e|i|a)\s)\s*"
)
_BIO_VERB = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:\s+(?:(?:de|da|del|della|der|den|di|du|la|le|van|von|y|"
    r"bin|ibn|al|el)\s+)*[A-ZÀ-ÖØ-Þ][\w’'.-]*){0,4})(?:\s*\([^)]{1,80}\))?,?"
    r"\s+(?:is|was|has been|es|fue|est|était|ist|war|je|byl|byla|è|é)\s+"
    r"(?:an?|the|un|una|une|le|la|el|der|die|ein|eine|o|a|uma|um)?\s*",
)
_PROFESSIONS = re.compile(
    r"journalist|writer|author|editor|correspondent|reporter|columnist|contributor|producer|"
    r"analyst|professor|lecturer|researcher|scholar|fellow|historian|novelist|poet|critic|"
    r"blogger|freelance|photographer|essayist|economist|scientist|director|founder|student|"
    r"periodista|escritor|escritora|politólog|abogad|investigador|profesor|analista|"
    r"journaliste|écrivain|rédacteur|chercheur|professeur|novinář|redaktor|spisovatel|"
    r"Journalist|Autor|Redakteur",
    re.IGNORECASE,
)
_NAME_PARTICLES = {
    "de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van", "von", "y", "bin",
    "ibn", "al", "el", "e", "and", "&",
}  # fmt: skip
_DETERMINERS = {
    "the", "this", "that", "these", "those", "it", "he", "she", "they", "we", "our", "his", "her",
    "their", "a", "an", "le", "la", "les", "el", "los", "las", "der", "die", "das", "un", "une",
}  # fmt: skip


def clean_name(name: str) -> str:
    """A byline's names without trailing dates or stray words: "Jane Doe May 3" → "Jane Doe"."""
    name = collapse_spaces(name).strip(" ,;|–—-·•")
    name = re.split(
        r"\s+[|•·]\s+|\s+[–—-]\s+|\s*\b(?:updated|published|posted)\b", name, maxsplit=1
    )[0]
    name = re.sub(r"^(?:by|por|par|von)\s+", "", name, flags=re.IGNORECASE)
    parts = name.split()
    while parts and (
        parts[-1].rstrip(",.").isdigit()
        or (len(parts) > 2 and is_date_word(parts[-1].rstrip(",.")))
        or (parts[-1][:1].islower() and parts[-1].lower() not in _NAME_PARTICLES)
    ):
        parts.pop()
    return " ".join(parts).strip(" ,;")


def _starts_like_a_name(token: str) -> bool:
    """Capitalised, or in a script without capitals (Chinese, Korean, Arabic, Burmese…)."""
    letter = next((c for c in token if c.isalpha()), "")
    return bool(letter) and (letter.isupper() or not letter.islower())


def looks_like_name(text: str) -> bool:
    """One or a few people's names: capitalised words joined by commas or "and"."""
    tokens = [t.strip("\"'“”‘’()") for t in text.replace(",", " ").split()]
    tokens = [t for t in tokens if t]
    if not 1 <= len(tokens) <= 12 or len(text) > 120:
        return False
    named = [t for t in tokens if _starts_like_a_name(t)]
    others = [t for t in tokens if not _starts_like_a_name(t) and t.lower() not in _NAME_PARTICLES]
    return len(named) >= 1 and not others and not text.rstrip().endswith((".", "!", "?"))


def _is_person_or_body(name: str) -> bool:
    """Rules out what sits where a name should: an account ("admin"), a desk ("Our Foreign
    Staff"), a web address, a date, or the word "By" itself."""
    tokens = name.split()
    return bool(tokens) and not (
        name.casefold() in _ACCOUNTS
        or tokens[0].casefold() in _DETERMINERS
        or _HOSTNAME.search(name)
        or all(is_date_word(t.strip(",.:")) or t.strip(",.:").isdigit() for t in tokens)
        or _BYLINE_PREFIX.fullmatch(name + " x") is not None
    )


def _up_to_lowercase(part: str) -> str:
    """ "Rob Ewaschuk Edited by Betsy Beyer" → "Rob Ewaschuk Edited": a name of two words or
    more ends where running text starts."""
    tokens = part.split()
    for index, token in enumerate(tokens):
        if not _starts_like_a_name(token) and token.lower() not in _NAME_PARTICLES:
            return " ".join(tokens[:index]) if index >= 2 else part
    return part


def _has_running_text(part: str) -> bool:
    return any(
        not _starts_like_a_name(token)
        and token.lower() not in _NAME_PARTICLES
        and not is_date_word(token.strip(",."))
        for token in part.split()
    )


def without_date_stamp(text: str) -> str:
    """ "2/26/2015 7:11 AM PST BY JANE DOE" → "BY JANE DOE": a stamp may precede the "By"."""
    for match in _BY_WORD.finditer(text):
        if match.start() and is_date_stamp(text[: match.start()]):
            return text[match.start() :]
    return text


def names_in(text: str) -> list[str]:
    """The people a byline string names, or [] when any part of it is not a name: one part of
    junk ("The Russian; Syrian defense ministries") discredits the whole string."""
    match = _BYLINE_PREFIX.match(text.strip())
    text = match.group("name") if match else text
    # Asides are not names: "Richard (R.J.) Eskow", "Jane Doe (with John Roe)".
    text = re.sub(r"\s*\([^)]*\)?", "", text)
    text = re.split(r"\s+[|•·]\s+|\s+[–—-]\s+|\s*\b(?:updated|published|posted)\b", text)[0]
    names: list[str] = []
    for position, part in enumerate(_NAME_SEPARATOR.split(text.strip(" ,;"))):
        part = part.strip()
        if position == 0:
            part = _up_to_lowercase(part)
        if not part or _CREDENTIAL.match(part):
            continue
        name = clean_name(part)
        if _has_running_text(part) or not (
            name and looks_like_name(name) and _is_person_or_body(name)
        ):
            # A role after the names ("Jane Doe, Staff Writer") ends them; anything else
            # before them means this was never a byline.
            if names:
                break
            return []
        if normalise(name) not in {normalise(n) for n in names}:
            names.append(name)
    return names


def byline_from_block(text: str) -> str:
    """The names in a "By …" line, or "" when the block is not one."""
    if "\n" in text.strip() or len(text) > 150 or not _BYLINE_PREFIX.match(text.strip()):
        return ""
    return ", ".join(names_in(text))


def is_author_note(text: str, byline: str) -> bool:
    """A short biography ("Jane Doe is a journalist who…"): about the author, not the story."""
    if len(text) > 900 or len(words(text)) < 6:
        return False
    match = _BIO_VERB.match(text)
    if not match:
        return False
    name = match.group("name")
    if name.split()[0].casefold() in _DETERMINERS:
        return False
    if byline and overlap(name, byline) >= 0.5:
        return True
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return bool(_PROFESSIONS.search(first_sentence)) and len(name.split()) >= 2


def _weights(tuning: Tuning) -> dict[Source, float]:
    return {
        Source.LINKED_DATA: tuning.byline_weight_linked_data,
        Source.META: tuning.byline_weight_meta,
        Source.NEAR_TITLE: tuning.byline_weight_near_title,
        Source.AUTHOR_MARKUP: tuning.byline_weight_author_markup,
        Source.AUTHOR_CLASS: tuning.byline_weight_author_class,
        Source.FIRST_AUTHOR_ELEMENT: tuning.byline_weight_first_author_element,
        Source.EXTRACTOR: tuning.byline_weight_extractor,
        Source.NAME_UNDER_TITLE: tuning.byline_weight_name_under_title,
        Source.AUTHOR_BIO: tuning.byline_weight_author_bio,
    }


def _statements(hints: Hints, closing: list[str]) -> list[tuple[Source, list[str]]]:
    """Each piece of evidence as the names it states. Under the headline only a "By …" line
    counts, or a lone name among the first few lines; of the candidates for the first author
    element, the first that is more than a label; of the page's closing blocks, the name a
    biography opens with."""
    evidence = [*hints.author_evidence, Evidence(hints.author, Source.EXTRACTOR)]
    evidence += [Evidence(_BIO_VERB.match(text).group("name"), Source.AUTHOR_BIO)
                 for text in closing if is_author_note(text, "")]  # fmt: skip
    statements = []
    stated: set[Source] = set()
    lines_under_title = 0
    for item in evidence:
        source, text = item.source, item.text
        if source == Source.FIRST_AUTHOR_ELEMENT:
            if source in stated or _LABEL.search(text):
                continue
            stated.add(source)
        if source == Source.NEAR_TITLE:
            lines_under_title += 1
            text = without_date_stamp(text)
            if not _BYLINE_PREFIX.match(text):
                # Without "By", only a capitalised name of two to four words is a hint.
                tokens = text.split()
                if lines_under_title > 5 or not 2 <= len(tokens) <= 4:
                    continue
                if not all(t[:1].isupper() or t.lower() in _NAME_PARTICLES for t in tokens):
                    continue
                source = Source.NAME_UNDER_TITLE
        names = names_in(text)
        if names:
            statements.append((source, names))
    return statements


def declared_byline(hints: Hints, tuning: Tuning, closing: list[str]) -> tuple[str, float]:
    """The names the page's evidence agrees on most, when the agreement is strong enough, and
    how strong it is (0 to 1).

    Each kind of evidence counts once per candidate, fully when it names the same people and
    half when it names some of them or more; kinds combine as independent witnesses."""
    weights = _weights(tuning)
    statements = _statements(hints, closing)
    best, best_confidence = "", 0.0
    for _, names in statements:
        wanted = {normalise(name) for name in names}
        support: dict[Source, float] = {}
        for source, other in statements:
            stated = {normalise(name) for name in other}
            share = 1.0 if stated == wanted else 0.5 if stated & wanted else 0.0
            support[source] = max(support.get(source, 0.0), share * weights[source])
        doubt = 1.0
        for weight in support.values():
            doubt *= 1 - weight
        if 1 - doubt > best_confidence + 1e-9:
            best, best_confidence = ", ".join(names), 1 - doubt
    return best if best_confidence >= tuning.byline_min_confidence else "", best_confidence
