"""Comments loaded with their values as the database stores them, converted to Python's types
only when they are rendered.

A page of threads names each comment's HTML by its state (discussions/reading/fragments.py)
and renders only the few whose state it has not rendered before. Django converts every value
of every row as it loads it (on SQLite each flag from a number to a bool and each instant to an
aware datetime), a third of the cost of loading a thousand comments; a stored value names a
state as well as its conversion does, since the one decides the other. So comments for a page
keep their stored values, and `settle` converts one before it is rendered.

Until settled, a comment's flags may be 0 or 1 and, on SQLite, its instants are naive
datetimes in UTC: code between the query and the render may test the flags and compare the
instants of one query, nothing more.
"""

from itertools import chain
from weakref import ref

from django.db import connections
from django.db.models.query import BaseIterable


class AsStored(BaseIterable):
    """Iterate `queryset` (of one model, with annotations and no related rows selected) as
    model instances holding their stored values; `settle` converts one."""

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
        # What converts each value that needs it, shared by every row of the query.
        pending = {
            names[position]: converters
            for position, converters in compiler.get_converters([c[0] for c in columns]).items()
        }
        model = klass_info["model"]
        fetch_mode = queryset._fetch_mode
        peers = []
        for row in chain.from_iterable(results):
            instance = model.from_db(queryset.db, names, row, fetch_mode=fetch_mode)
            if fetch_mode.track_peers:
                peers.append(ref(instance))
                instance._state.peers = peers
            if pending:
                instance._state.unconverted = pending
            yield instance


def settle(instance) -> None:
    """Convert the stored values of an instance `AsStored` loaded, in place (once)."""
    pending = instance._state.__dict__.pop("unconverted", None)
    if not pending:
        return
    connection = connections[instance._state.db]
    values = instance.__dict__
    for name, (converters, expression) in pending.items():
        value = values[name]
        for converter in converters:
            value = converter(value, expression, connection)
        values[name] = value
