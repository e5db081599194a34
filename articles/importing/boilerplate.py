"""Site furniture: chrome labels, share prompts, promos, credits, tags and related links.

Every rule is about the *shape* of a block (length, position, punctuation, links, the phrases
sites use for their own chrome), never about one site, so it carries over to pages never seen.
"""

import re

from .candidates import Candidate, Role
from .dates import is_date_stamp
from .reasons import (
    COMMENT_POLICY,
    DATELINE,
    EMPTY,
    NEWSLETTER_PROMO,
    PHOTO_CREDIT,
    RELATED_LINK,
    SHARE_PROMPT,
    SITE_CHROME,
    STANDFIRST,
    TAGS,
)
from .text_shape import ends_a_sentence, word_count

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
# A short block of two words or more is a link to another page when links cover at least this
# share of its text; a sentence that only mentions a link or two keeps text of its own around
# them, and a one-word link is a term the text explains. A linked block that closes like a
# sentence (a line of dialogue, "Here is our review!") or shows a bare web address (a cited
# source) is the author's own text.
LINK_BLOCK_SHARE = 0.95
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB_ADDRESS = re.compile(r"https?://\S+")


def is_chrome_label(text: str) -> bool:
    stripped = text.strip().strip("•·|–—-»›> ").strip()
    return word_count(stripped) <= 8 and bool(_CHROME_PHRASES.match(stripped))


def block_reason(candidate: Candidate) -> str:
    """Why a block, taken alone, is not part of the article; "" when it may well be."""
    text = candidate.text.strip()
    count = word_count(text)
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
        candidate.link_share >= LINK_BLOCK_SHARE
        and 2 <= count <= 15
        and candidate.role != Role.HEADING
        and not ends_a_sentence(text)
        and not _EMAIL.fullmatch(text)
        and not _WEB_ADDRESS.fullmatch(text)
    ):
        return RELATED_LINK
    return ""


def _quoted(text: str) -> bool:
    return text.lstrip()[:1] in "“\"«‘'"
