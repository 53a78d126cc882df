"""Saving many new rows at once: PostgreSQL ``COPY`` where it is available, ``bulk_create`` elsewhere.

Django's ``bulk_create`` on PostgreSQL builds one large ``INSERT … UNNEST`` statement per batch; for a
100,000-row import that statement building costs more than the database's work. ``COPY`` streams the rows
instead. The ids are drawn from the table's own sequence first, so the objects come back with their
primary keys set, as ``bulk_create`` would return them.
"""

from django.db import connections, models, router


def insert_many[M: models.Model](objs: list[M]) -> list[M]:
    """Insert unsaved objects of one model; each gets its ``pk``. Call inside the caller's transaction."""
    if not objs:
        return objs
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=1000)
    opts = model._meta
    fields = list(opts.concrete_fields)
    # Most values go to COPY as they are; only fields that compute (timestamps) or adapt (JSON) take Django's path.
    prepared = [isinstance(f, models.JSONField) or getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
                for f in fields]
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(f.attname if f.column is None else f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [opts.db_table, opts.pk.column, len(objs)])
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) if slow
                                else getattr(obj, f.attname) for f, slow in zip(fields, prepared, strict=True)])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
