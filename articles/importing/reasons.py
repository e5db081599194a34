"""Why a block was set aside: the reasons stored with a draft, and their labels."""

from django.utils.translation import gettext_lazy as _

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
PHOTO_CAPTION = "photo caption"
PAGE_ASIDE = "navigation, form or sidebar"
HIDDEN = "hidden on the page"
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
    PHOTO_CAPTION: _("photo caption"),
    PAGE_ASIDE: _("navigation, form or sidebar"),
    HIDDEN: _("hidden on the page"),
    TAGS: _("tags"),
    DATELINE: _("date or time stamp"),
    DUPLICATE: _("repeated block"),
    COMMENT_POLICY: _("comment section notice"),
    STANDFIRST: _("summary under the headline"),
    EMPTY: _("no text"),
}
