"""Saving many new rows at once: PostgreSQL ``COPY`` where it is available, ``bulk_create`` elsewhere.

Django's ``bulk_create`` on PostgreSQL builds one large ``INSERT … UNNEST`` statement per batch; for a
100,000-row import that statement building costs more than the database's work. ``COPY`` streams the rows
instead. The ids are drawn from the table's own sequence first, so the objects come back with their
primary keys set, as ``bulk_create`` would return them.

``insert_rows`` takes plain ``{column attribute: value}`` rows: an import of a hundred thousand records spends
more time building model objects than the database spends storing them.
"""

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connections, models, router
from django.utils import timezone


@contextmanager
def young_garbage_only() -> Iterator[Callable[[], None]]:
    """For one long batch (an import): the garbage collector's full collections wait until the batch ends.

    A full collection walks every object the process holds: Django and the apps, and what the batch keeps
    growing (openpyxl keeps one emptied XML element per row read). Run every few hundred rows as usual, they
    made a 200,000-row import grow faster than its rows (125 full collections, 7 s of a 57 s dry run). The
    batch calls the function it is given between chunks, which collects only the young objects, where
    short-lived cycles end up.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield _collect_young
    finally:
        if was_enabled:
            gc.enable()


def _collect_young() -> None:
    gc.collect(1)


def insert_many[M: models.Model](objs: list[M]) -> list[M]:
    """Insert unsaved objects of one model; each gets its ``pk``. Call inside the caller's transaction."""
    if not objs:
        return objs
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=1000)
    fields = list(model._meta.concrete_fields)
    # Most values go to COPY as they are; only fields that compute (timestamps) or adapt (JSON) take Django's path.
    prepared = [isinstance(f, models.JSONField) or getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
                for f in fields]
    pks = _copy(model, connection, fields, (
        [f.get_db_prep_save(f.pre_save(obj, True), connection) if slow else getattr(obj, f.attname)
         for f, slow in zip(fields, prepared, strict=True)] for obj in objs), len(objs),
                pk_position=fields.index(model._meta.pk))
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows of ``model`` given as ``{attname: value}`` (``organization_id``, not ``organization``), with no
    model objects built; a field a row leaves out takes its default, timestamps the time of the call. Returns
    the new primary keys in the rows' order. Call inside the caller's transaction."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        created = model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
        return [obj.pk for obj in created]
    now = timezone.now()
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    # Per field: a constant for rows that leave it out, or None when the default must be made per row.
    constants: list[Any] = []
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            constants.append(now)
        elif callable(f.default):
            constants.append(None)
        else:
            constants.append(f.get_default())
    json = [isinstance(f, models.JSONField) for f in fields]

    def values(row: dict[str, Any]) -> list[Any]:
        out = []
        for f, constant, is_json in zip(fields, constants, json, strict=True):
            value = row[f.attname] if f.attname in row else (f.get_default() if constant is None else constant)
            out.append(f.get_db_prep_save(value, connection) if is_json else value)
        return out

    return _copy(model, connection, [pk, *fields], ([None, *values(row)] for row in rows), len(rows), pk_position=0)


def _copy(model, connection, fields: list[models.Field], rows, count: int, *, pk_position: int) -> list[int]:
    """COPY ``rows`` (lists of database values in ``fields`` order) with primary keys drawn from the sequence."""
    opts = model._meta
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [opts.db_table, opts.pk.column, count])
        pks = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(pks, rows, strict=True):
                row[pk_position] = pk
                copy.write_row(row)
    return pks
