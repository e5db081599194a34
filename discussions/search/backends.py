"""What a search box query means, and how each database finds it: PostgreSQL's full-text
search or SQLite's FTS5, chosen by the database in use (the index itself is migration 0017)."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
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


def newest_matching(queryset: QuerySet, terms: Terms, languages: dict[str, Q]) -> QuerySet:
    """`queryset`'s rows whose words match, newest first. `languages` holds, for each
    reading language, which rows are in it (PostgreSQL stems each in its own way)."""
    table = queryset.model._meta.db_table
    if table not in SEARCHED_TABLES:
        raise ValueError(f"{table} has no search index")
    if connection.vendor == "postgresql":
        condition = Q(pk__in=[])
        for language, rows in languages.items():
            condition |= rows & _postgresql_match(table, terms, language)
        return queryset.filter(condition).order_by("-pk")
    return _sqlite_newest_matching(queryset.filter(_any(languages.values())), table, terms)


def _any(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def _postgresql_match(table: str, terms: Terms, language: str) -> Q:
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
    # the GIN index when they are rare. The table is one of SEARCHED_TABLES and the
    # reader's words go in as parameters.
    sql = f'"{table}"."search_vector" @@ to_tsquery(colloquy_search_configuration(%s), %s)'
    return Q(RawSQL(sql, [language, tsquery], output_field=BooleanField()))  # noqa: S611


def _sqlite_newest_matching(queryset: QuerySet, table: str, terms: Terms) -> QuerySet:
    # FTS5: each word a quoted string (quotes doubled) with a prefix star.
    fts = " OR ".join(
        "(" + " ".join('"{}"*'.format(word.replace('"', '""')) for word in alternative) + ")"
        for alternative in terms.alternatives
    )
    index = f"{table}_search"
    # Joined and sorted by the index's own rowid, FTS5 hands over its matches newest first
    # and SQLite stops at the slice's end; `pk IN (SELECT rowid ...)` instead gathers every
    # match of a common word into a list first. The ORM has no join to a virtual table,
    # hence extra(); the table is one of SEARCHED_TABLES, the words a parameter.
    return queryset.extra(  # noqa: S610
        tables=[index],
        where=[f'"{index}"."rowid" = "{table}"."id"', f'"{index}" MATCH %s'],
        params=[fts],
        order_by=[f"-{index}.rowid"],
    )
