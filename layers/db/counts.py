"""Exact row counts of the layer tables, kept current by the database itself.

OGC clients read a layer's size from ``numberMatched`` of its first items page (QGIS
3.22 shows 0 features without it). Counting a whole table for every page costs a scan,
so each layer table carries three statement-level triggers that keep its row count in
``layer_counts`` (migration ``0006``):

* ``AFTER INSERT`` / ``AFTER DELETE`` with a transition table add / subtract the rows
  the statement inserted / deleted, once per statement: a ``COPY`` of 100,000 rows
  (:mod:`layers.db.bulk`) costs one update of the count, as does a Part 4 edit
  (:mod:`layers.editing`) or a keyed import (:mod:`layers.imports.sync`);
* ``AFTER TRUNCATE`` sets it to 0.

The count changes in the writing transaction, so every reader sees a count that matches
the rows of its own snapshot, and a rolled-back load leaves it as it was. Concurrent
writers of one table queue on its count row until they commit (an edit waits for a
running import of the same layer).

``layer_counts`` is keyed by the table's ``regclass`` (its oid): a table dropped and
created again under the same name has no row until it is tracked again, and readers
then count it themselves (:func:`layers.ogc.features.items_sql`), so a missing trigger
costs speed, never exactness.

A layer of a future domain needs nothing of its own: after every ``alembic upgrade``
the migration environment calls :func:`track_layer_tables` with every registry table,
which installs the triggers (and counts the table once) where they are missing. A
migration may also call :func:`track_sql` itself, right after creating its table.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from psycopg import sql

#: The table of counts: ``relid regclass`` (primary key) → ``n bigint``.
COUNTS_TABLE = "layer_counts"
#: Names of the triggers on a tracked table (insert, delete, truncate).
TRIGGERS = ("polis_count_insert", "polis_count_delete", "polis_count_truncate")
#: The database function installing the triggers on one table (idempotent).
TRACK_FUNCTION = "polis_track_count"

#: The trigger function (one for the three events; transition tables named per trigger).
COUNT_ROWS_FUNCTION = """
CREATE OR REPLACE FUNCTION polis_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE layer_counts SET n = n + (SELECT count(*) FROM polis_new_rows)
        WHERE relid = TG_RELID;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE layer_counts SET n = n - (SELECT count(*) FROM polis_old_rows)
        WHERE relid = TG_RELID;
    ELSIF TG_OP = 'TRUNCATE' THEN
        UPDATE layer_counts SET n = 0 WHERE relid = TG_RELID;
    END IF;
    RETURN NULL;
END
$$
"""

#: ``polis_track_count(table)``: install the triggers and count the table once, unless
#: it is tracked already (all three triggers enabled and a count row). Returns the
#: count. ``CREATE TRIGGER`` locks out writers of the table until the caller commits,
#: so the initial count is exact.
TRACK_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION polis_track_count(layer regclass) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
BEGIN
    IF (SELECT count(*) FROM pg_trigger WHERE tgrelid = layer AND tgenabled <> 'D'
          AND tgname IN ('polis_count_insert', 'polis_count_delete', 'polis_count_truncate')) = 3
    THEN
        SELECT n INTO total FROM layer_counts WHERE relid = layer;
        IF FOUND THEN
            RETURN total;
        END IF;
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS polis_count_insert ON %s', layer);
    EXECUTE format('DROP TRIGGER IF EXISTS polis_count_delete ON %s', layer);
    EXECUTE format('DROP TRIGGER IF EXISTS polis_count_truncate ON %s', layer);
    EXECUTE format('CREATE TRIGGER polis_count_insert AFTER INSERT ON %s '
                   'REFERENCING NEW TABLE AS polis_new_rows FOR EACH STATEMENT '
                   'EXECUTE FUNCTION polis_count_rows()', layer);
    EXECUTE format('CREATE TRIGGER polis_count_delete AFTER DELETE ON %s '
                   'REFERENCING OLD TABLE AS polis_old_rows FOR EACH STATEMENT '
                   'EXECUTE FUNCTION polis_count_rows()', layer);
    EXECUTE format('CREATE TRIGGER polis_count_truncate AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION polis_count_rows()', layer);
    EXECUTE format('SELECT count(*) FROM %s', layer) INTO total;
    INSERT INTO layer_counts (relid, n) VALUES (layer, total)
    ON CONFLICT (relid) DO UPDATE SET n = EXCLUDED.n;
    RETURN total;
END
$$
"""


def track_sql(table: str) -> str:
    """SQL (for a migration's ``op.execute``) tracking the count of ``table``.

    Examples
    --------
    >>> track_sql("trees")
    'SELECT polis_track_count(\\'"trees"\\')'
    """
    name = sql.Identifier(table).as_string(None)
    return f"SELECT {TRACK_FUNCTION}({sql.Literal(name).as_string(None)})"


def track_layer_tables(connection: sa.Connection, tables: Iterable[str]) -> int:
    """Track every table of ``tables`` that exists (a no-op for tracked ones).

    Called by the migration environment after each upgrade with the registry's tables,
    so a new layer is counted without being listed anywhere. Does nothing before
    migration ``0006`` (no tracking function yet). Returns the number of tables checked.
    """
    names = [sql.Identifier(t).as_string(None) for t in tables]
    exists = connection.execute(
        sa.text("SELECT to_regprocedure('polis_track_count(regclass)') IS NOT NULL")
    ).scalar()
    if not exists or not names:
        return 0
    checked = connection.execute(
        sa.text(
            "SELECT count(polis_track_count(to_regclass(t))) FROM unnest(CAST(:names AS text[]))"
            " AS t WHERE to_regclass(t) IS NOT NULL"
        ),
        {"names": names},
    ).scalar()
    return int(checked or 0)
