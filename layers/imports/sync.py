"""Update a layer from a keyed source: insert new objects, update changed, delete gone.

Every imported feature remembers its source key (``feature_keys``: ``w123`` for OSM
way 123, a Kallikratis code for a boundary). A re-import of the same or a newer source
then updates features in place (their ids stay), inserts the new ones and, when asked,
deletes the features whose key is no longer in the source. Features that were not
imported under the namespace (the demo town, hand edits) are never touched.

The caller owns the transaction: :func:`sync_layer` runs in ``conn.transaction()``
(a savepoint inside the caller's), so several layers are imported all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from layers.db.bulk import database_error, prepare_rows
from layers.registry import LayerSpec
from models.errors import InvalidInput

_STAGE = "polis_import_stage"


@dataclass
class LayerChange:
    """What an import did to one layer."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0


def sync_layer(
    conn: psycopg.Connection,
    spec: LayerSpec,
    records: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    *,
    namespace: str,
    delete_missing: bool,
) -> LayerChange:
    """Bring the features of ``spec`` imported under ``namespace`` in line with ``records``.

    Parameters
    ----------
    conn:
        An open connection (the work runs inside ``conn.transaction()``).
    spec:
        The target layer.
    records:
        The source's features (as for :func:`layers.db.bulk.load_records`).
    keys:
        The source key of each record, unique within the call.
    namespace:
        The source family the keys belong to (``osm``, ``boundary``).
    delete_missing:
        Delete the layer's features of this namespace whose key is not in ``keys``.

    Raises
    ------
    InvalidInput
        A bad record (naming layer, record index and problem), a duplicate key or a
        constraint violation; nothing is written then.
    """
    if len(keys) != len(records):
        raise ValueError("one key per record")
    _check_unique(spec, keys)
    columns, rows = prepare_rows(spec, records)
    change = LayerChange()
    with conn.transaction():
        _forget_vanished(conn, spec, namespace)
        _stage(conn, spec, columns, rows, keys)
        try:
            _assign_ids(conn, spec, namespace)
            change.updated = _update(conn, spec, columns)
            change.unchanged = len(rows) - change.updated - _count_new(conn)
            change.inserted = _insert(conn, spec, columns, namespace)
            if delete_missing:
                change.deleted = _delete_missing(conn, spec, namespace)
        except psycopg.Error as exc:
            raise database_error(spec, exc) from exc
        conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(_STAGE)))
    return change


def _check_unique(spec: LayerSpec, keys: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in seen:
            raise InvalidInput(
                f"layer '{spec.id}', record {index}: key '{key}' repeats record {seen[key]}",
                field=f"{spec.id}[{index}]",
            )
        seen[key] = index


def _forget_vanished(conn: psycopg.Connection, spec: LayerSpec, namespace: str) -> None:
    """Drop keys of features deleted since (by hand, or by a replacing load)."""
    conn.execute(
        sql.SQL(
            "DELETE FROM feature_keys k WHERE layer_id = %s AND namespace = %s "
            "AND NOT EXISTS (SELECT 1 FROM {} t WHERE t.id = k.feature_id)"
        ).format(sql.Identifier(spec.table_name)),
        (spec.id, namespace),
    )


def _stage(
    conn: psycopg.Connection,
    spec: LayerSpec,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    keys: Sequence[str],
) -> None:
    """COPY the rows into a temporary copy of the table with its CHECK constraints.

    The constraints run during COPY, so a bad value is reported with its record index.
    """
    stage, table = sql.Identifier(_STAGE), sql.Identifier(spec.table_name)
    conn.execute(
        sql.SQL("CREATE TEMP TABLE {} (LIKE {} INCLUDING CONSTRAINTS) ON COMMIT DROP").format(
            stage, table
        )
    )
    for column in spec.table.columns:
        if column.name not in columns:  # id, computed columns: filled later / by the table
            conn.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL").format(
                    stage, sql.Identifier(column.name)
                )
            )
    conn.execute(
        sql.SQL("ALTER TABLE {} ADD COLUMN _key text, ADD COLUMN _new boolean").format(stage)
    )
    names = sql.SQL(", ").join(sql.Identifier(c) for c in (*columns, "_key"))
    try:
        with (
            conn.cursor() as cur,
            cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)) as copy,
        ):
            for row, key in zip(rows, keys, strict=True):
                copy.write_row([*row, key])
    except psycopg.Error as exc:
        raise database_error(spec, exc) from exc
    conn.execute(sql.SQL("ANALYZE {}").format(stage))  # joins below plan on real row counts


def _assign_ids(conn: psycopg.Connection, spec: LayerSpec, namespace: str) -> None:
    """Known keys get their feature's id; new keys a fresh id from the table's sequence."""
    conn.execute(
        sql.SQL(
            "UPDATE {} s SET id = k.feature_id FROM feature_keys k "
            "WHERE k.layer_id = %s AND k.namespace = %s AND k.key = s._key"
        ).format(sql.Identifier(_STAGE)),
        (spec.id, namespace),
    )
    conn.execute(
        sql.SQL(
            "UPDATE {} SET id = nextval(pg_get_serial_sequence(%s, 'id')), _new = true "
            "WHERE id IS NULL"
        ).format(sql.Identifier(_STAGE)),
        (spec.table_name,),
    )


def _count_new(conn: psycopg.Connection) -> int:
    query = sql.SQL("SELECT count(*) FROM {} WHERE _new").format(sql.Identifier(_STAGE))
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


def _update(conn: psycopg.Connection, spec: LayerSpec, columns: Sequence[str]) -> int:
    """Overwrite the features whose values changed; return how many."""
    target = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    source = sql.SQL(", ").join(sql.SQL("s.{}").format(sql.Identifier(c)) for c in columns)
    current = sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(c)) for c in columns)
    cur = conn.execute(
        sql.SQL(
            "UPDATE {table} t SET ({target}) = ({source}) FROM {stage} s "
            "WHERE t.id = s.id AND s._new IS NOT TRUE "
            "AND ({current}) IS DISTINCT FROM ({source})"
        ).format(
            table=sql.Identifier(spec.table_name),
            stage=sql.Identifier(_STAGE),
            target=target,
            source=source,
            current=current,
        )
    )
    return cur.rowcount


def _insert(
    conn: psycopg.Connection, spec: LayerSpec, columns: Sequence[str], namespace: str
) -> int:
    """Insert the features with new keys and remember their keys; return how many."""
    names = sql.SQL(", ").join(sql.Identifier(c) for c in ("id", *columns))
    cur = conn.execute(
        sql.SQL("INSERT INTO {} ({names}) SELECT {names} FROM {} WHERE _new").format(
            sql.Identifier(spec.table_name), sql.Identifier(_STAGE), names=names
        )
    )
    conn.execute(
        sql.SQL(
            "INSERT INTO feature_keys (layer_id, namespace, key, feature_id) "
            "SELECT %s, %s, _key, id FROM {} WHERE _new"
        ).format(sql.Identifier(_STAGE)),
        (spec.id, namespace),
    )
    return cur.rowcount


def _delete_missing(conn: psycopg.Connection, spec: LayerSpec, namespace: str) -> int:
    """Delete this namespace's features whose key the source no longer has."""
    cur = conn.execute(
        sql.SQL(
            "WITH gone AS (DELETE FROM feature_keys k WHERE layer_id = %s AND namespace = %s "
            "AND NOT EXISTS (SELECT 1 FROM {stage} s WHERE s.id = k.feature_id) "
            "RETURNING feature_id) "
            "DELETE FROM {table} t USING gone WHERE t.id = gone.feature_id"
        ).format(stage=sql.Identifier(_STAGE), table=sql.Identifier(spec.table_name)),
        (spec.id, namespace),
    )
    return cur.rowcount


def key_counts(conn: psycopg.Connection, namespace: str) -> Mapping[str, int]:
    """Number of features imported under ``namespace``, per layer id."""
    rows = conn.execute(
        "SELECT layer_id, count(*) FROM feature_keys WHERE namespace = %s GROUP BY layer_id",
        (namespace,),
    ).fetchall()
    return {layer: int(n) for layer, n in rows}


def feature_count(conn: psycopg.Connection, spec: LayerSpec) -> int:
    """Number of features in the layer ``spec``."""
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(spec.table_name))
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0
