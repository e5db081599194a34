"""Rules shared by every format: find the title, byline and author note, and set aside boilerplate.

Every rule is about the *shape* of a block (length, position, punctuation, links, the phrases
sites use for their own chrome), never about one site, so it carries over to pages never seen.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .candidates import Candidate, Hints, Role
from .reading import Block, BlockKind

# Reasons shown to the teacher next to a greyed-out block.
TITLE = "title"
BYLINE = "byline"
AUTHOR_NOTE = "author note"
SITE_CHROME = "site chrome"
HEADLINE_LIST = "list of other articles"
SHARE_PROMPT = "share prompt"
NEWSLETTER_PROMO = "newsletter or subscription promo"
RELATED_LINK = "link to another article"
PHOTO_CREDIT = "photo credit"
TAGS = "tags"
DATELINE = "date or time stamp"
DUPLICATE = "repeated block"
COMMENT_POLICY = "comment section notice"
STANDFIRST = "summary under the headline"
EMPTY = "no text"
# The reasons are stored with a draft in English; the preview shows them in the reader's language.
REASON_LABELS = {
    TITLE: _("title"),
    BYLINE: _("byline"),
    AUTHOR_NOTE: _("author note"),
    SITE_CHROME: _("site chrome"),
    HEADLINE_LIST: _("list of other articles"),
    SHARE_PROMPT: _("share prompt"),
    NEWSLETTER_PROMO: _("newsletter or subscription promo"),
    RELATED_LINK: _("link to another article"),
    PHOTO_CREDIT: _("photo credit"),
    TAGS: _("tags"),
    DATELINE: _("date or time stamp"),
    DUPLICATE: _("repeated block"),
    COMMENT_POLICY: _("comment section notice"),
    STANDFIRST: _("summary under the headline"),
    EMPTY: _("no text"),
}

_WORD = re.compile(r"\w+(?:[’'.-]\w+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")

# How sites label their own navigation and promotion boxes, in the languages of our readings.
_CHROME_PHRASES = re.compile(
    r"^(?:"
    r"most (?:popular|viewed|read|shared|emailed|commented|recent)(?: (?:stories|articles|now))?"
    r"|(?:top|trending|popular|latest|more|related|recommended|editor'?s'? picks?|featured)"
    r"(?: (?:stories|articles|posts|news|reads|videos|content|links|coverage|topics|now|today))?"
    r"|(?:more|also|latest) (?:from|on|in|by) .{1,40}"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|(?:what|who) to read next|read (?:this )?next|up next|next article|previous article"
    r"|recommended for you|don'?t miss|in case you missed it|around the web|elsewhere on .{1,30}"
    r"|advertisement|advertising|sponsored(?: content)?|promoted(?: stories)?|paid content"
    r"|comments?|\d+ comments?|(?:show|view|read|load|post|leave|add) (?:all |a )?comments?"
    r"|comment on this (?:article|story)|join the (?:conversation|discussion)"
    r"|share(?: (?:this|on|via|the) .{0,30})?|share this (?:article|story|page)|tweet|email|print"
    r"|follow us(?: on .{1,30})?|skip to (?:main )?content|back to top|menu|search|home|log ?in"
    r"|sign ?in|sign up|subscribe(?: now| today)?|newsletters?|about the authors?|about us"
    r"|privacy(?: policy)?|terms(?: of (?:use|service))?|cookie (?:policy|settings)|contact us"
    r"|all rights reserved.*|copyright .*|© .*|(?:see|show) fewer ads|.*\bad ?blocker\b.*"
    r"|continue reading(?: the main story)?"
    r"|read more|show more|load more|listen to (?:this )?(?:article|story)|previous|next"
    r"|loading comments.*|(?:featured |recent |related )?(?:slide ?shows?|galleries|videos)"
    r"|lo más (?:leído|visto)|más leídas?|lo último|les plus (?:lus|partagés)|à lire aussi"
    r"|nejčtenější|související články|الأكثر (?:قراءة|مشاهدة)|اقرأ أيضا"
    r")[.:!]?$",
    re.IGNORECASE,
)
_SHARE_PROMPT = re.compile(
    r"^(?:share|tweet|pin|email|post) (?:this|it|on|to|via)\b.{0,60}$"
    r"|^click (?:here )?to (?:share|tweet|email|print)\b"
    r"|^(?:share|partager|compartir|sdílet)\s*(?:on|sur|en|na)?\s*"
    r"(?:facebook|twitter|x|linkedin|whatsapp|reddit|email|e-mail)",
    re.IGNORECASE,
)
_PROMO_VERB = re.compile(
    r"\b(?:sign up|subscribe|subscription|inbox|newsletter|register now|join now|"
    r"free trial|get (?:the|our) .{0,40}(?:newsletter|app|daily|weekly)|download (?:the|our) app|"
    r"support (?:our|independent) journalism|become a (?:member|subscriber)|"
    r"^follow\b.{0,80}\bon (?:twitter|facebook|instagram|x|linkedin|threads|bluesky)\b|"
    r"we['’]?d (?:like|love) to hear (?:from you|what you think))",
    re.IGNORECASE,
)
# The preamble of a comment section: its rules, or a disclaimer about readers' opinions.
_COMMENT_POLICY = re.compile(
    r"\b(?:comments?|commentaires?|comentarios?|komentáře|التعليقات)\b.{0,120}"
    r"(?:policy|guidelines|moderat|rules|charte|normas|pravidla|إرشادات|مراجعة)"
    r"|\b(?:opinions|views|comments) (?:expressed )?below\b|الآراء الواردة أدناه",
    re.IGNORECASE,
)
_RELATED_PREFIX = re.compile(
    r"^\s*[\[(]?(?:related|read more|read also|see also|also read|more|recommended|watch|listen|"
    r"related (?:article|story|coverage|content)|lire aussi|lire|voir aussi|à lire|"
    r"lee también|leer más|ver también|le puede interesar|čtěte také|čtěte též|přečtěte si|"
    r"mehr zum thema|lesen sie auch|اقرأ أيضا|اقرأ المزيد)\s*[:|—–-]",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(
    r"^[\[(]?(?:(?:top |lead |main |header |cover |all )?"
    r"(?:photos?|photographs?|pictures?|images?|illustrations?|graphics?|videos?|artwork)"
    r"(?: by|:| credit:?| courtesy of)|credits?:|courtesy of|source:|foto:|photo :)"
    r".{0,120}$",
    re.IGNORECASE,
)
_AGENCY_CREDIT = re.compile(
    r"^[^.]{0,100}\b(?:getty images|afp|reuters|associated press|ap photo|shutterstock|"
    r"alamy|epa|bloomberg)\b[^.]{0,30}$",
    re.IGNORECASE,
)
_TAGS_PREFIX = re.compile(
    r"^(?:topics|tags|tagged|tagged with|filed under|categories|category|themes|mots-clés|"
    r"temas|etiquetas|témata|štítky)\s*:",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince"
)
_DATE_WORDS = re.compile(
    rf"^(?:\d{{1,4}}|{_MONTHS}|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|am|pm|a\.m|p\.m|et|est|edt|pt|pst|pdt|gmt|utc|bst|cet|cest|"
    r"published|updated|posted|last|modified|on|at|le|el|de|del|th|st|nd|rd|h|min|mins|minutes|"
    r"hours?|days?|ago|read|reading|time|před|hodinami|minutami|dny|il|y|a|hace|horas|"
    r"first|publié|mis|à|jour|actualizado|publicado|aktualizováno)$",
    re.IGNORECASE,
)
_MONTH_OR_TIME = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}")
_BYLINE_PREFIX = re.compile(
    r"^(?:by|written by|words by|story by|text by|por|par|de|von|autor|autorka|author|"
    r"بقلم)\s*[:\-–—]?\s+(?P<name>.+)$",
    re.IGNORECASE,
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
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TERMINAL = re.compile(r"[.!?…:;)”\"'’»]$")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def normalise(text: str) -> str:
    """For comparing two strings: casefold, NFKC, typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(str.maketrans("‘’‚“”„–—―", "'''\"\"\"---"))
    return _SPACE.sub(" ", text).strip()


def _word_set(text: str) -> set[str]:
    return {word.casefold() for word in words(text)}


def overlap(a: str, b: str) -> float:
    """Share of the words of ``a`` that also occur in ``b``."""
    first, second = _word_set(a), _word_set(b)
    return len(first & second) / len(first) if first else 0.0


def is_title_like(text: str) -> bool:
    """A headline: one line, a handful of words, not a finished sentence."""
    if "\n" in text or len(text) > 200:
        return False
    count = len(words(text))
    if not 1 <= count <= 20:
        return False
    return not text.rstrip().endswith((".", ",", ";", ":")) or text.rstrip().endswith("...")


def is_sentence(text: str) -> bool:
    return len(words(text)) >= 8 and bool(_TERMINAL.search(text.rstrip()))


def is_chrome_label(text: str) -> bool:
    stripped = text.strip().strip("•·|–—-»›> ").strip()
    return len(words(stripped)) <= 8 and bool(_CHROME_PHRASES.match(stripped))


def is_date_stamp(text: str) -> bool:
    tokens = re.findall(r"[^\W_]+(?:\.[^\W_]+)*\.?", text, re.UNICODE)
    if not tokens or len(tokens) > 14 or len(text) > 100:
        return False
    has_number = any(token[0].isdigit() for token in tokens)
    has_date_word = bool(_MONTH_OR_TIME.search(text)) or any(
        not token[0].isdigit() and _DATE_WORDS.match(token.rstrip(".")) for token in tokens
    )
    return (
        has_number
        and has_date_word
        and all(_DATE_WORDS.match(token.rstrip(".")) for token in tokens)
    )


def clean_name(name: str) -> str:
    """A byline's names without trailing dates or stray words: "Jane Doe May 3" → "Jane Doe"."""
    name = _SPACE.sub(" ", name).strip(" ,;|–—-·•")
    name = re.split(
        r"\s+[|•·]\s+|\s+[–—-]\s+|\s*\b(?:updated|published|posted)\b", name, maxsplit=1
    )[0]
    name = re.sub(r"^(?:by|por|par|von)\s+", "", name, flags=re.IGNORECASE)
    parts = name.split()
    while parts and (
        parts[-1].rstrip(",.").isdigit()
        or (len(parts) > 2 and _DATE_WORDS.match(parts[-1].rstrip(",.")))
        or (parts[-1][:1].islower() and parts[-1].lower() not in _NAME_PARTICLES)
    ):
        parts.pop()
    return " ".join(parts).strip(" ,;")


def looks_like_name(text: str) -> bool:
    """One or a few people's names: capitalised words joined by commas or "and"."""
    tokens = text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 12 or len(text) > 120:
        return False
    capitalised = [t for t in tokens if t[:1].isupper()]
    others = [t for t in tokens if not t[:1].isupper() and t.lower() not in _NAME_PARTICLES]
    return len(capitalised) >= 1 and not others and not text.rstrip().endswith((".", "!", "?"))


def byline_from_block(text: str) -> str:
    """The names in a "By …" line, or "" when the block is not one."""
    if "\n" in text.strip() or len(text) > 150:
        return ""
    match = _BYLINE_PREFIX.match(text.strip())
    if not match:
        return ""
    name = clean_name(match.group("name"))
    return name if looks_like_name(name) else ""


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


def block_reason(candidate: Candidate) -> str:
    """Why a block, taken alone, is not part of the article; "" when it may well be."""
    text = candidate.text.strip()
    count = len(words(text))
    if not count:
        return EMPTY
    if candidate.role == Role.STANDFIRST:
        return STANDFIRST
    if count <= 14 and _SHARE_PROMPT.search(text):
        return SHARE_PROMPT
    if is_chrome_label(text):
        return SITE_CHROME
    if count <= 40 and _PROMO_VERB.search(text) and not _quoted(text):
        return NEWSLETTER_PROMO
    if count <= 60 and _COMMENT_POLICY.search(text):
        return COMMENT_POLICY
    if count <= 30 and _RELATED_PREFIX.match(text):
        return RELATED_LINK
    if count <= 25 and _TAGS_PREFIX.match(text):
        return TAGS
    if count <= 20 and (_PHOTO_CREDIT.match(text) or _AGENCY_CREDIT.match(text)):
        return PHOTO_CREDIT
    if is_date_stamp(text):
        return DATELINE
    if (
        candidate.link_share > 0.9
        and count <= 15
        and candidate.role != Role.HEADING
        and not _EMAIL.fullmatch(text)
    ):
        return RELATED_LINK
    return ""


def _quoted(text: str) -> bool:
    return text.lstrip()[:1] in "“\"«‘'"


@dataclass
class Assembled:
    title: str
    byline: str
    author_note: str
    blocks: list[Block]


class _Sorter:
    """Collects the verdict for each candidate, in source order."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = [c for c in candidates if c.text.strip()]
        self.reasons: list[str | None] = [None] * len(self.candidates)

    def exclude(self, index: int, reason: str) -> None:
        if self.reasons[index] is None:
            self.reasons[index] = reason

    def open_indexes(self) -> list[int]:
        return [i for i, reason in enumerate(self.reasons) if reason is None]

    def blocks(self) -> list[Block]:
        return [
            Block(candidate.text.strip(), BlockKind.PARAGRAPH)
            if reason is None
            else Block(candidate.text.strip(), BlockKind.EXCLUDED, reason)
            for candidate, reason in zip(self.candidates, self.reasons, strict=True)
        ]


def _strip_site_name(title: str, site_name: str) -> str:
    """ "Headline | Site" or "Headline - Site" → "Headline" when the tail names the site."""
    match = re.match(r"^(?P<head>.+?)\s+(?P<separator>[|–—-])\s+(?P<tail>[^|–—]+)$", title)
    if not match:
        return title
    tail = normalise(match.group("tail"))
    site = normalise(site_name)
    names_site = bool(site) and (tail in site or site in tail)
    # A pipe almost always separates a site or section; a dash may be part of the headline.
    if names_site or (match.group("separator") == "|" and len(words(tail)) <= 3):
        return _strip_site_name(match.group("head"), site_name)
    return title


def _choose_title(hints: Hints) -> str:
    """The page's own headline (``<h1>``) when it agrees with the declared title or when the
    declared one is about something else (a promo, the site's name)."""
    declared = _strip_site_name(hints.title.strip(), hints.site_name) if hints.title else ""
    headlines = [h for h in hints.page_headings if len(words(h)) >= 3 and not is_chrome_label(h)]
    for heading in headlines:
        if declared and normalise(declared) in normalise(heading):
            return declared
        if declared and overlap(heading, declared) >= 0.8:
            return heading
    if declared and not any(overlap(declared, heading) >= 0.3 for heading in headlines):
        return headlines[0] if headlines else declared
    return declared or (headlines[0] if headlines else "")


def _declared_byline(hints: Hints) -> str:
    """trafilatura's author string, cleaned ("Jane Doe; JANE DOE" → "Jane Doe"); failing
    that, the first name the page marks up as its author."""
    marked_up = [clean_name(text) for text in hints.authors_in_markup]
    marked_up = [name for name in marked_up if looks_like_name(name)]
    names: list[str] = []
    for part in re.split(r"\s*;\s*", hints.author or ""):
        name = clean_name(part)
        # The page's own markup may show where a name ends ("Jane Doe" of "Jane Doe Tuesday").
        shorter = [m for m in marked_up if f"{normalise(name)} ".startswith(f"{normalise(m)} ")]
        name = min(shorter, key=len) if shorter else name
        if name and normalise(name) not in {normalise(n) for n in names}:
            names.append(name)
    if not names and marked_up:
        names.append(marked_up[0])
    return ", ".join(names)


def assemble(candidates: list[Candidate], hints: Hints) -> Assembled:
    """Decide title, byline, author note and the fate of every block."""
    sorter = _Sorter(candidates)
    title = _choose_title(hints) or _title_from_text(sorter)
    _mark_title_repeats(sorter, title)
    byline = _mark_bylines(sorter, _declared_byline(hints))
    for index in sorter.open_indexes():
        reason = block_reason(sorter.candidates[index])
        if reason:
            sorter.exclude(index, reason)
    _mark_headline_lists(sorter)
    _mark_leading_metadata(sorter)
    _mark_trailing_sections(sorter)
    author_note = _mark_author_notes(sorter, byline)
    _mark_duplicates(sorter)
    _mark_orphan_headings(sorter)
    return Assembled(title=title, byline=byline, author_note=author_note, blocks=sorter.blocks())


def _title_from_text(sorter: _Sorter) -> str:
    """Plain text: the headline sits just above a "By …" line, or opens the text."""
    blocks = sorter.candidates
    for index in range(min(len(blocks), 10)):
        if byline_from_block(blocks[index].text):
            for before in range(index - 1, -1, -1):
                text = blocks[before].text.strip()
                if is_title_like(text) and not is_chrome_label(text):
                    return _heading_text(text)
            break
    for index in range(min(len(blocks), 5)):
        candidate = blocks[index]
        text = candidate.text.strip()
        if is_chrome_label(text):
            continue
        # A subtitle may sit between the headline and the text.
        followed_by_text = any(not is_title_like(b.text) for b in blocks[index + 1 : index + 3])
        if candidate.role == Role.HEADING or (is_title_like(text) and followed_by_text):
            return _heading_text(text)
        break
    return ""


def _heading_text(text: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", text).strip()


def _mark_title_repeats(sorter: _Sorter, title: str) -> None:
    """The headline (whole or in parts) and anything above it is not part of the body."""
    if not title:
        return
    wanted = normalise(title)
    last = None
    for index, candidate in enumerate(sorter.candidates[:12]):
        text = normalise(_heading_text(candidate.text)).rstrip(":")
        is_part = candidate.role == Role.HEADING and len(text) > 10 and text in wanted
        if text == wanted or is_part:
            sorter.exclude(index, TITLE)
            last = index
    if last is not None:
        for before in range(last):
            if not is_sentence(sorter.candidates[before].text):
                sorter.exclude(before, SITE_CHROME)


def _mark_bylines(sorter: _Sorter, byline: str) -> str:
    """A "By Jane Doe" line near the top is the byline; a line that is just the author's name
    (perhaps with a role: "Jane Doe, Staff Writer") goes with it."""
    for index in sorter.open_indexes()[:8]:
        found = byline_from_block(sorter.candidates[index].text)
        if found:
            sorter.exclude(index, BYLINE)
            if not byline or overlap(byline, found) < 1:
                byline = found
            break
    if not byline:
        return ""
    wanted = normalise(byline)
    for index in sorter.open_indexes()[:8]:
        text = sorter.candidates[index].text
        if len(text) > 150 or is_sentence(text):
            continue
        name = normalise(clean_name(text.split(",")[0]))
        if name == wanted or normalise(clean_name(text)) == wanted:
            sorter.exclude(index, BYLINE)
    return byline


def _mark_headline_lists(sorter: _Sorter) -> None:
    """After a chrome label ("Most Popular"), the short lines that follow are its headlines."""
    candidates = sorter.candidates
    for index, reason in enumerate(list(sorter.reasons)):
        if reason not in (SITE_CHROME, RELATED_LINK):
            continue
        following = index + 1
        while following < len(candidates) and sorter.reasons[following] is None:
            candidate = candidates[following]
            if candidate.role == Role.HEADING or not is_title_like(candidate.text):
                break
            if candidate.link_share < 0.5 and candidate.role != Role.LIST_ITEM:
                break
            sorter.exclude(following, HEADLINE_LIST)
            following += 1


def _mark_leading_metadata(sorter: _Sorter) -> None:
    """A list before the first paragraph whose items are all a few words is the article's
    metadata strip (date, section, comment count), not its content."""
    candidates = sorter.candidates
    first_sentence = next(
        (i for i, c in enumerate(candidates) if is_sentence(c.text) and sorter.reasons[i] is None),
        len(candidates),
    )
    groups: dict[int, list[int]] = {}
    for index in range(first_sentence):
        if candidates[index].role == Role.LIST_ITEM and candidates[index].group is not None:
            groups.setdefault(candidates[index].group, []).append(index)
    for members in groups.values():
        if all(len(words(candidates[i].text)) <= 6 for i in members):
            for index in members:
                sorter.exclude(index, SITE_CHROME)


def _is_body_text(candidate: Candidate) -> bool:
    return len(words(candidate.text)) >= 25 and is_sentence(candidate.text)


def _mark_trailing_sections(sorter: _Sorter) -> None:
    """Once the article has run its course, a "You might also like" or "Comments" label starts
    the page's furniture: everything after it goes unless the article clearly resumes (two
    full paragraphs in a row)."""
    candidates = sorter.candidates
    count = len(candidates)
    body = [sorter.reasons[i] is None and _is_body_text(c) for i, c in enumerate(candidates)]
    # resumes_after[i]: two body paragraphs in a row start somewhere at i or later.
    resumes_after = [False] * (count + 1)
    for index in range(count - 2, -1, -1):
        resumes_after[index] = resumes_after[index + 1] or (body[index] and body[index + 1])
    body_seen = 0
    for index in range(count):
        if body[index]:
            body_seen += 1
        elif (
            body_seen >= 3
            and sorter.reasons[index] in (SITE_CHROME, HEADLINE_LIST)
            and not resumes_after[index + 1]
        ):
            for later in range(index + 1, count):
                sorter.exclude(later, SITE_CHROME)
            return


def _mark_author_notes(sorter: _Sorter, byline: str) -> str:
    """Bios sit just under the byline or at the very end."""
    notes: list[str] = []
    open_indexes = sorter.open_indexes()
    near = open_indexes[:2] + open_indexes[-3:]
    for index in sorted(set(near)):
        text = sorter.candidates[index].text.strip()
        if is_author_note(text, byline):
            sorter.exclude(index, AUTHOR_NOTE)
            notes.append(text)
    return "\n\n".join(notes)


def _mark_duplicates(sorter: _Sorter) -> None:
    seen: set[str] = set()
    for index in sorter.open_indexes():
        key = normalise(sorter.candidates[index].text)
        if len(key) > 40 and key in seen:
            sorter.exclude(index, DUPLICATE)
        seen.add(key)


def _mark_orphan_headings(sorter: _Sorter) -> None:
    """A heading with nothing kept after it introduced a box that was set aside."""
    open_indexes = sorter.open_indexes()
    if open_indexes and sorter.candidates[open_indexes[-1]].role == Role.HEADING:
        sorter.exclude(open_indexes[-1], SITE_CHROME)
