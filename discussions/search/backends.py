"""What a search box query means, and how each database finds it: PostgreSQL's full-text
search or SQLite's FTS5, chosen by the database in use (the index itself is migration 0017)."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

# A query longer than this is refused with a message rather than cut short.
QUERY_MAX_LENGTH = 200
# Words of a query beyond these are left out (and the page says so).
QUERY_MAX_WORDS = 12

_WORD = re.compile(r"\w+")

# The tables migration 0017 indexes; a table name goes into SQL only from this set.
SEARCHED_TABLES = frozenset({"discussions_comment", "discussions_prompt", "articles_paragraph"})


@dataclass(frozen=True)
class Terms:
    """A query as words: any of `alternatives` matches, and an alternative matches when each
    of its words does (as a word or the start of one). Punctuation and operators a reader
    types are never passed to the database as syntax."""

    alternatives: tuple[tuple[str, ...], ...]
    shortened: bool = False

    @property
    def words(self) -> list[str]:
        return [word for alternative in self.alternatives for word in alternative]

    def __bool__(self) -> bool:
        return bool(self.alternatives)


def terms_from(query: str) -> Terms:
    """Words joined by a capitalised OR are alternatives, as in most search boxes."""
    alternatives, kept, shortened = [], 0, False
    for part in re.split(r"\sOR\s", f" {query} "):
        words = []
        for word in _WORD.findall(part):
            if kept == QUERY_MAX_WORDS:
                shortened = True
                break
            words.append(word.casefold())
            kept += 1
        if words:
            alternatives.append(tuple(words))
    return Terms(tuple(alternatives), shortened)


def matching(table: str, terms: Terms, language: str) -> Q:
    """Rows of `table` (one of migration 0017's) whose words match, as a filter on `pk`;
    `language` is the reading's, for PostgreSQL's stemming."""
    if table not in SEARCHED_TABLES:
        raise ValueError(f"{table} has no search index")
    # The table is one of SEARCHED_TABLES and the reader's words go in as parameters.
    if connection.vendor == "postgresql":
        # Words are letters and digits only (`_WORD`), so the tsquery below has no syntax
        # but the operators written here. Each word also as itself, which the prefix already
        # matches: PostgreSQL's statistics know how common a word is but not a prefix, and
        # guessing a common word rare, it reads every match instead of the newest page.
        tsquery = " | ".join(
            "(" + " & ".join(f"({word} | {word}:*)" for word in alternative) + ")"
            for alternative in terms.alternatives
        )
        # A condition on the row itself (not `pk IN (...)`), so that PostgreSQL may walk the
        # table newest first and stop at the page's end when the words are common, or read
        # the GIN index when they are rare.
        sql = f'"{table}"."search_vector" @@ to_tsquery(colloquy_search_configuration(%s), %s)'
        return Q(RawSQL(sql, [language, tsquery], output_field=BooleanField()))  # noqa: S611
    # FTS5: each word a quoted string (quotes doubled) with a prefix star.
    fts = " OR ".join(
        "(" + " ".join('"{}"*'.format(word.replace('"', '""')) for word in alternative) + ")"
        for alternative in terms.alternatives
    )
    # SQLite reads the matching rowids into a sorted list once and looks the rows up from its
    # newest end, so a search sorted by id and cut short reads no more rows than it keeps.
    sql = f"SELECT rowid FROM {table}_search WHERE {table}_search MATCH %s"  # noqa: S608
    return Q(pk__in=RawSQL(sql, [fts]))  # noqa: S611
