"""Comments loaded as plain rows holding the values the database stores, made into model
instances only when they are rendered.

A page of threads names each comment's HTML by its state (discussions/reading/fragments.py)
and renders only the few whose state it has not rendered before. Django converts every value
of every row as it loads it (on SQLite each flag from a number to a bool and each instant to an
aware datetime), and reads a model instance's foreign keys through a descriptor each time:
together a third of the cost of a thousand-comment page. A stored value names a state as well
as its conversion does, since the one decides the other. So a page's comments load as
`Stored` rows, whose attributes are plain values, and `settle` makes the model instance of one
it renders.

A row's flags may be 0 or 1 and, on SQLite, its instants are naive datetimes in UTC: code
between the query and the render may test the flags and compare the instants of one query,
nothing more.
"""

from dataclasses import dataclass
from itertools import chain

from django.db import connections
from django.db.models import Model
from django.db.models.fetch_modes import FetchMode
from django.db.models.query import BaseIterable


@dataclass(frozen=True)
class Loading:
    """What a query's rows share: where and how to make their model instances."""

    model: type[Model]
    db: str
    fetch_mode: FetchMode
    # Per attribute that needs converting: its converters and the expression they take.
    pending: dict


class Stored:
    """One row of an `AsStored` query: its columns and annotations as plain attributes, and
    those set on it later (a comment's author's name, say); `vars()` holds nothing else."""

    __slots__ = ("__dict__", "_state")
    _state: Loading

    @property
    def pk(self):
        return getattr(self, self._state.model._meta.pk.attname)


class AsStored(BaseIterable):
    """Iterate `queryset` (of one model, with annotations and no related rows selected) as
    `Stored` rows."""

    def __iter__(self):
        queryset = self.queryset
        compiler = queryset.query.get_compiler(using=queryset.db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        klass_info = compiler.klass_info
        if klass_info.get("related_klass_infos"):
            raise ValueError("AsStored loads one model's rows, with no related rows selected")
        columns = compiler.select[: compiler.col_count]
        names = [None] * len(columns)
        for position in klass_info["select_fields"]:
            names[position] = columns[position][0].target.attname
        for name, position in compiler.annotation_col_map.items():
            names[position] = name
        converters = compiler.get_converters([column[0] for column in columns])
        loading = Loading(
            model=klass_info["model"],
            db=queryset.db,
            fetch_mode=queryset._fetch_mode,
            pending={names[position]: found for position, found in converters.items()},
        )
        for values in chain.from_iterable(results):
            row = Stored()
            vars(row).update(zip(names, values, strict=True))
            row._state = loading
            yield row


def settle(comment):
    """The model instance of a `Stored` row, its values converted (anything else as it is)."""
    if not isinstance(comment, Stored):
        return comment
    loading = comment._state
    values = vars(comment).copy()
    connection = connections[loading.db]
    for name, (converters, expression) in loading.pending.items():
        value = values[name]
        for converter in converters:
            value = converter(value, expression, connection)
        values[name] = value
    return loading.model.from_db(
        loading.db, list(values), list(values.values()), fetch_mode=loading.fetch_mode
    )
