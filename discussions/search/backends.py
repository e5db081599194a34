"""What a search box query means, and how each database finds it: PostgreSQL's full-text
search or SQLite's FTS5, chosen by the database in use (the index itself is migration 0017)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

# A query longer than this is refused with a message rather than cut short.
QUERY_MAX_LENGTH = 200
# Words of a query beyond these are left out (and the page says so).
QUERY_MAX_WORDS = 12

_WORD = re.compile(r"\w+")

# A word typed stands for itself and every word it starts; up to this many words the index
# holds, PostgreSQL is asked for those words (see `_postgresql_tsqueries`).
SPELLED_OUT_MAX = 32

# The tables migration 0017 indexes, and the column of each whose words are searched; a table
# or column name goes into SQL only from here.
SEARCHED_TABLES = {
    "discussions_comment": "body",
    "discussions_prompt": "body",
    "articles_paragraph": "text",
}
# The tables whose SQLite index also holds each row's author (migration 0025). A search for
# more people than INDEXED_AUTHORS_MAX looks for them outside the index: that many people's
# rows are most of the matches anyway.
AUTHORED_TABLES = frozenset({"discussions_comment", "discussions_prompt"})
INDEXED_AUTHORS_MAX = 50
# The table whose SQLite index also holds each row's reply type (migration 0026).
TYPED_TABLES = frozenset({"discussions_comment"})


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


@dataclass(frozen=True)
class Matcher:
    """Terms made ready for the database in use. On PostgreSQL, `tsqueries` holds each reading
    language's query, None where no row can match."""

    terms: Terms
    tsqueries: dict[str, str | None]


def matcher_for(terms: Terms, languages: Iterable[str]) -> Matcher:
    """One query on PostgreSQL (see `_postgresql_tsqueries`), none on SQLite."""
    if connection.vendor == "postgresql":
        return Matcher(terms, _postgresql_tsqueries(terms, sorted(set(languages))))
    return Matcher(terms, {})


def newest_matching(
    queryset: QuerySet,
    matcher: Matcher,
    languages: dict[str, Q],
    *,
    authors: list[int] | None = None,
    kind: str = "",
) -> QuerySet:
    """`queryset`'s rows whose words match, newest first, only those of `authors` and of
    reply type `kind` where given. `languages` holds, for each reading language, which rows
    are in it (PostgreSQL stems each in its own way)."""
    table = queryset.model._meta.db_table
    if table not in SEARCHED_TABLES:
        raise ValueError(f"{table} has no search index")
    if authors is not None:
        if table not in AUTHORED_TABLES:
            raise ValueError(f"{table} has no authors")
        queryset = queryset.filter(author__in=authors)
    if kind:
        if table not in TYPED_TABLES:
            raise ValueError(f"{table} has no reply types")
        queryset = queryset.filter(kind=kind)
    if connection.vendor == "postgresql":
        condition = Q(pk__in=[])
        for language, rows in languages.items():
            tsquery = matcher.tsqueries[language]
            if tsquery is not None:
                condition |= rows & _postgresql_match(table, tsquery)
        return queryset.filter(condition).order_by("-pk")
    return _sqlite_newest_matching(
        queryset.filter(_any(languages.values())),
        table,
        _fts_query(table, matcher.terms, authors, kind),
    )


def _any(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


# For each language and word: where the language makes one word of it (not none, as of
# "the", nor a phrase, as of "end_note"), the lexicon's words that start with its stem, up to
# one more than SPELLED_OUT_MAX (read from the stem on in the primary key's order, where they
# all come first); and the word as itself or the start of one, as to_tsquery has it, for a
# word not spelled out. Words are letters and digits only (`_WORD`), so that query has no
# syntax but the operators written here.
_SPELLED_OUT = """
SELECT wanted.language, wanted.word,
  CASE WHEN numnode(stem.alone) = 1 THEN ARRAY(
    SELECT following.lexeme FROM (
      SELECT lexicon.lexeme FROM discussions_search_lexicon AS lexicon
      WHERE lexicon.lexeme >= stem.lexemes[1] ORDER BY lexicon.lexeme LIMIT %s
    ) AS following WHERE starts_with(following.lexeme, stem.lexemes[1])
  ) END,
  to_tsquery(stem.configuration, wanted.word || ' | ' || wanted.word || ':*')::text
FROM unnest(%s::text[], %s::text[]) AS wanted(language, word)
CROSS JOIN LATERAL (
  SELECT configuration, to_tsquery(configuration, wanted.word) AS alone,
    tsvector_to_array(to_tsvector(configuration, wanted.word)) AS lexemes
  FROM colloquy_search_configuration(wanted.language) AS configuration
) AS stem
"""


def _postgresql_tsqueries(terms: Terms, languages: list[str]) -> dict[str, str | None]:
    """Each language's tsquery, a word standing for itself or any word it starts.

    PostgreSQL's statistics know how common a word is but not a prefix: it guesses `word:*`
    at 2% of rows, whether it starts a word in every other comment or in none. Guessed too
    rare, it reads every match to sort them; guessed too common, it walks the whole table
    newest first for a handful of matches. So a prefix goes to the database spelled out as
    the words the index holds that start with it (the lexicon, migration 0023), whose
    frequencies PostgreSQL knows; only a prefix of more than SPELLED_OUT_MAX words stays one.
    A word no row holds drops its alternative, as it would match nothing."""
    words = sorted(set(terms.words))
    pairs = [(language, word) for language in languages for word in words]
    with connection.cursor() as cursor:
        cursor.execute(
            _SPELLED_OUT,
            [SPELLED_OUT_MAX + 1, [language for language, _ in pairs], [word for _, word in pairs]],
        )
        found = {(language, word): _word_query(*rest) for language, word, *rest in cursor}
    return {
        language: _tsquery(terms, {word: found[language, word] for word in words})
        for language in languages
    }


def _word_query(spelled_out: list[str] | None, as_typed: str) -> str | None:
    """What one word looks for: None when no row can hold it, "" for a word the language
    leaves out of its index ("the")."""
    if spelled_out is None or len(spelled_out) > SPELLED_OUT_MAX:
        return as_typed
    if not spelled_out:
        return None
    # Lexemes quoted as tsquery input wants: a quote doubled, a backslash escaped.
    quoted = (
        "'{}'".format(lexeme.replace("\\", "\\\\").replace("'", "''")) for lexeme in spelled_out
    )
    return " | ".join(sorted(quoted))


def _tsquery(terms: Terms, word_queries: dict[str, str | None]) -> str | None:
    """The words' queries joined as `terms` has them, leaving out what to_tsquery would."""
    alternatives = []
    for alternative in terms.alternatives:
        queries = [word_queries[word] for word in alternative]
        if None in queries:
            continue
        kept = [query for query in queries if query]
        if kept:
            alternatives.append(" & ".join(f"({query})" for query in kept))
    return " | ".join(f"({alternative})" for alternative in alternatives) or None


def _postgresql_match(table: str, tsquery: str) -> Q:
    # A condition on the row itself (not `pk IN (...)`), so that PostgreSQL may walk the
    # table newest first and stop at the page's end when the words are common, or read
    # the GIN index when they are rare. The table is one of SEARCHED_TABLES; the query is a
    # parameter, a constant the planner weighs word by word.
    sql = f'"{table}"."search_vector" @@ %s::tsquery'
    return Q(RawSQL(sql, [tsquery], output_field=BooleanField()))  # noqa: S611


def _fts_query(table: str, terms: Terms, authors: list[int] | None, kind: str) -> str:
    """FTS5's query: each word a quoted string (quotes doubled) with a prefix star, in the
    table's words only; for few enough authors, theirs among the index's authors; and the
    reply type among the index's types: FTS5 then walks only the rows that are all of these (a
    common word's matches are mostly others' and of other types)."""
    words = " OR ".join(
        "(" + " ".join('"{}"*'.format(word.replace('"', '""')) for word in alternative) + ")"
        for alternative in terms.alternatives
    )
    query = f"{SEARCHED_TABLES[table]} : ({words})"
    if authors and len(authors) <= INDEXED_AUTHORS_MAX:
        query += " AND author_id : ({})".format(" OR ".join(f'"{int(pk)}"' for pk in authors))
    if kind:
        # A reply type is one of Kind's values, a single word.
        query += ' AND kind : "{}"'.format(kind.replace('"', '""'))
    return query


def _sqlite_newest_matching(queryset: QuerySet, table: str, fts: str) -> QuerySet:
    index = f"{table}_search"
    # Joined and sorted by the index's own rowid, FTS5 hands over its matches newest first
    # and SQLite stops at the slice's end; `pk IN (SELECT rowid ...)` instead gathers every
    # match of a common word into a list first. The ORM has no join to a virtual table,
    # hence extra(); the table is one of SEARCHED_TABLES, the query a parameter.
    return queryset.extra(  # noqa: S610
        tables=[index],
        where=[f'"{index}"."rowid" = "{table}"."id"', f'"{index}" MATCH %s'],
        params=[fts],
        order_by=[f"-{index}.rowid"],
    )
