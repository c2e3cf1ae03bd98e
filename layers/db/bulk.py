"""All-or-nothing bulk loading of layer records with ``COPY`` (demo town, importers).

A load is one transaction: the target layers are optionally emptied, every record is
checked, written with ``COPY ... FROM STDIN`` in foreign-key order, and a provenance row
per layer goes to ``layer_sources``. Any problem rolls the whole load back and raises
:class:`~models.errors.InvalidInput` naming the layer, the record and the problem.

Records are plain dicts keyed by the model's column names; the geometry is a shapely
geometry in the layer's CRS under ``"geom"`` (single parts are promoted to the layer's
multi type). Ids are assigned here. A record may point at another record *of the same
load* with :class:`RecordRef` in a foreign-key column, e.g. a parking bay's
``zone_id=RecordRef("parking_zones", 3)`` is the id the 4th zone of this load receives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, NoReturn

import numpy as np
import psycopg
import shapely
import sqlalchemy as sa
from psycopg import sql
from shapely.geometry.base import BaseGeometry
from sqlalchemy.sql.schema import ColumnCollectionConstraint

from layers.registry import LayerSpec, Registry
from models.errors import ConfigurationError, InvalidInput
from models.metadata import LayerSource

Progress = Callable[[str, int, int], None]
#: Rows written between two progress reports.
PROGRESS_EVERY = 2000

_MULTI = {"Point": "MultiPoint", "LineString": "MultiLineString", "Polygon": "MultiPolygon"}
_PROMOTE = {
    "Point": shapely.multipoints,
    "LineString": shapely.multilinestrings,
    "Polygon": shapely.multipolygons,
}
_COPY_LINE = re.compile(r"COPY \S+, line (\d+)(?:, column (\w+))?")


@dataclass(frozen=True)
class RecordRef:
    """The id that record ``index`` of layer ``layer`` receives in the same load."""

    layer: str
    index: int


@dataclass(frozen=True)
class _Batch:
    """One layer's rows, checked and ready to COPY (``RecordRef`` still unresolved)."""

    spec: LayerSpec
    columns: tuple[str, ...]
    rows: list[list[Any]]


def load_records(
    conn: psycopg.Connection,
    registry: Registry,
    records: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    source: str,
    synthetic: bool,
    licence: str,
    replace: bool = True,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load ``records`` (layer id → list of records) in one transaction.

    Parameters
    ----------
    conn:
        An open connection; the load runs in ``conn.transaction()`` (a savepoint when a
        transaction is already open).
    registry:
        The layers that may be loaded; tables and columns come from their models.
    records:
        Layer id → records (dicts of column name → value, geometry under ``"geom"``).
    source, synthetic, licence:
        Provenance written to ``layer_sources`` for every loaded layer.
    replace:
        Empty the target layers first (in the same transaction; ids restart at 1).
    progress:
        Called as ``progress(layer_id, rows_done, rows_total)`` before, during and
        after each layer.

    Returns
    -------
    dict
        Rows written per layer id.

    Raises
    ------
    InvalidInput
        Unknown layer or column, bad value, invalid geometry, a constraint the database
        enforces: the message names the layer, the record index and the problem, and
        the database is left exactly as it was.
    """
    specs = _load_order(registry, records)
    targets = {spec.id: (spec.table_name, len(records[spec.id])) for spec in specs}
    batches = [_prepare(spec, records[spec.id], targets) for spec in specs]
    counts: dict[str, int] = {}
    with conn.transaction():
        if replace:
            _truncate(conn, specs)
        ids: dict[str, list[int]] = {}
        for batch in batches:
            ids[batch.spec.id] = _copy(conn, batch, ids, progress)
            counts[batch.spec.id] = len(batch.rows)
        record_sources(conn, counts, source=source, synthetic=synthetic, licence=licence)
    return counts


def layer_counts(conn: psycopg.Connection, registry: Registry) -> dict[str, int]:
    """Number of features in every layer of ``registry``."""
    out = {}
    for spec in registry:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(spec.table_name))
        row = conn.execute(query).fetchone()
        out[spec.id] = int(row[0]) if row else 0
    return out


def is_empty(conn: psycopg.Connection, registry: Registry) -> bool:
    """Whether no layer of ``registry`` holds any feature."""
    for spec in registry:
        query = sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(spec.table_name))
        row = conn.execute(query).fetchone()
        if row and row[0]:
            return False
    return True


# ------------------------------------------------------------------ ordering
def _load_order(registry: Registry, records: Mapping[str, Any]) -> list[LayerSpec]:
    """The layers of ``records`` in registry order, referenced tables before referencing."""
    unknown = [layer for layer in records if layer not in registry]
    if unknown:
        raise InvalidInput(f"unknown layer '{unknown[0]}'", field=unknown[0])
    pending = [spec for spec in registry if spec.id in records]
    tables = {spec.table_name for spec in pending}
    done: list[LayerSpec] = []
    while pending:
        placed = {s.table_name for s in done}
        ready = next(
            s
            for s in pending
            if all(
                fk.column.table.name in placed or fk.column.table.name not in tables
                for fk in s.table.foreign_keys
                if fk.column.table.name != s.table_name
            )
        )
        done.append(ready)
        pending.remove(ready)
    return done


# ------------------------------------------------------------------ checking
def _insertable(spec: LayerSpec) -> list[sa.Column[Any]]:
    return [c for c in spec.table.columns if c.computed is None and c.name != "id"]


#: Layer id → (table name, number of records) of every layer in a load.
Targets = Mapping[str, tuple[str, int]]


def _prepare(spec: LayerSpec, records: Sequence[Mapping[str, Any]], targets: Targets) -> _Batch:
    """Check every record of one layer and turn it into a COPY row (without the id)."""
    columns = _insertable(spec)
    names = {c.name for c in columns}
    geoms = _geometries(spec, records)
    rows = []
    for index, record in enumerate(records):
        unknown = sorted(set(record) - names)
        if unknown:
            _fail(spec, index, f"unknown column '{unknown[0]}'", unknown[0])
        row = []
        for column in columns:
            value = (
                geoms[index] if column.name == "geom" else record.get(column.name, _default(column))
            )
            row.append(_checked(spec, index, column, value, targets))
        rows.append(row)
    return _Batch(spec, tuple(c.name for c in columns), rows)


def _default(column: sa.Column[Any]) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return getattr(default, "arg", None)
    return None


def _checked(
    spec: LayerSpec,
    index: int,
    column: sa.Column[Any],
    value: Any,
    targets: Targets,
) -> Any:
    """The value as written by COPY; ``InvalidInput`` for what the model forbids."""
    if isinstance(value, RecordRef):
        return _checked_ref(spec, index, column, value, targets)
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        if not column.nullable:
            _fail(spec, index, f"'{column.name}' is required", column.name)
        return None
    ctype = column.type
    if isinstance(ctype, sa.Enum) and value not in ctype.enums:
        allowed = ", ".join(ctype.enums)
        _fail(spec, index, f"'{column.name}' must be one of {allowed}, not {value!r}", column.name)
    return value


def _checked_ref(
    spec: LayerSpec, index: int, column: sa.Column[Any], ref: RecordRef, targets: Targets
) -> RecordRef:
    """A reference must point at a record of the layer the foreign key names, in this load."""
    tables = {fk.column.table.name for fk in column.foreign_keys}
    table, count = targets.get(ref.layer, (None, 0))
    if table is None or table not in tables:
        problem = f"'{column.name}' cannot refer to layer '{ref.layer}'"
        if table is None:
            problem += " (not part of this load)"
        _fail(spec, index, problem, column.name)
    if not 0 <= ref.index < count:
        problem = f"'{column.name}' refers to missing record {ref.index} of '{ref.layer}'"
        _fail(spec, index, problem, column.name)
    return ref


def _geometries(spec: LayerSpec, records: Sequence[Mapping[str, Any]]) -> list[str]:
    """EWKB hex of every record's geometry; checks presence, type, SRID and validity."""
    geoms = [
        _layer_geometry(spec, index, record.get("geom")) for index, record in enumerate(records)
    ]
    arr = shapely.set_srid(np.array(geoms, dtype=object), spec.srid)
    for index in np.flatnonzero(shapely.is_empty(arr) | ~shapely.is_valid(arr)).tolist():
        reason = "empty" if arr[index].is_empty else shapely.is_valid_reason(arr[index])
        _fail(spec, index, f"invalid geometry ({reason})", "geom")
    return shapely.to_wkb(arr, hex=True, include_srid=True).tolist()  # type: ignore[no-any-return]


def _layer_geometry(spec: LayerSpec, index: int, geom: Any) -> BaseGeometry:
    """``geom`` as the layer's geometry type (a single part promoted to multi)."""
    if not isinstance(geom, BaseGeometry):
        _fail(spec, index, "'geom' must be a shapely geometry", "geom")
    srid = shapely.get_srid(geom)
    if srid not in (0, spec.srid):
        _fail(spec, index, f"geometry SRID {srid} is not {spec.srid}", "geom")
    if _MULTI.get(geom.geom_type) == spec.geometry_type:
        geom = _PROMOTE[geom.geom_type]([geom])
    if geom.geom_type != spec.geometry_type:
        _fail(
            spec, index, f"geometry must be a {spec.geometry_type}, not a {geom.geom_type}", "geom"
        )
    return geom


def _fail(spec: LayerSpec, index: int, problem: str, column: str | None = None) -> NoReturn:
    field = f"{spec.id}[{index}]" + (f".{column}" if column else "")
    raise InvalidInput(f"layer '{spec.id}', record {index}: {problem}", field=field)


# ------------------------------------------------------------------ writing
def _empty_dependants(conn: psycopg.Connection, names: list[str]) -> list[str]:
    """Tables outside ``names`` that refer to them (directly or through each other) and
    hold no rows: they are truncated with them (a record table of a domain that is still
    empty must not stop a reload); a table with rows still refuses the truncation."""
    out: list[str] = []
    while True:
        rows = conn.execute(
            "SELECT DISTINCT r.relname FROM pg_constraint c "
            "JOIN pg_class r ON r.oid = c.conrelid JOIN pg_class t ON t.oid = c.confrelid "
            "WHERE c.contype = 'f' AND t.relname = ANY(%s) AND NOT r.relname = ANY(%s)",
            (names + out, names + out),
        ).fetchall()
        empty = [
            name
            for (name,) in rows
            if not conn.execute(
                sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(name))
            ).fetchone()[0]  # type: ignore[index]
        ]
        if not empty:
            return out
        out += empty


def _truncate(conn: psycopg.Connection, specs: Iterable[LayerSpec]) -> None:
    names = [s.table_name for s in specs]
    names += _empty_dependants(conn, names)
    tables = sql.SQL(", ").join(sql.Identifier(name) for name in names)
    try:
        conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY").format(tables))
    except psycopg.errors.FeatureNotSupported as exc:  # referenced by a table not loaded
        detail = exc.diag.message_detail or exc.diag.message_primary or str(exc)
        raise InvalidInput(f"cannot replace these layers alone: {detail}") from exc


def _copy(
    conn: psycopg.Connection,
    batch: _Batch,
    ids: Mapping[str, list[int]],
    progress: Progress | None,
) -> list[int]:
    """COPY one layer's rows with ids drawn from its sequence; return the ids in order."""
    spec, total = batch.spec, len(batch.rows)
    new_ids = _reserve_ids(conn, spec, total)
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in ("id", *batch.columns))
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(spec.table_name), columns)
    if progress:
        progress(spec.id, 0, total)
    try:
        with conn.cursor() as cur, cur.copy(statement) as copy:
            for done, (new_id, row) in enumerate(zip(new_ids, batch.rows, strict=True), start=1):
                copy.write_row([new_id, *(_resolve(v, ids) for v in row)])
                if progress and done % PROGRESS_EVERY == 0:
                    progress(spec.id, done, total)
    except psycopg.Error as exc:
        raise database_error(spec, exc) from exc
    conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(spec.table_name)))
    if progress:
        progress(spec.id, total, total)
    return new_ids


def _resolve(value: Any, ids: Mapping[str, list[int]]) -> Any:
    return ids[value.layer][value.index] if isinstance(value, RecordRef) else value


def _reserve_ids(conn: psycopg.Connection, spec: LayerSpec, count: int) -> list[int]:
    if count == 0:  # nothing to number (tables keyed otherwise, like sensor_readings, too)
        return []
    row = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", (spec.table_name,)).fetchone()
    if not row or row[0] is None:
        raise ConfigurationError(f"layer '{spec.id}': table has no id sequence")
    cur = conn.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (row[0], count))
    return sorted(r[0] for r in cur.fetchall())


def database_error(spec: LayerSpec, exc: psycopg.Error) -> InvalidInput:
    """The database's objection as ``InvalidInput`` naming layer, record and column."""
    diag = exc.diag
    where = _COPY_LINE.search(diag.context or "")
    index = int(where.group(1)) - 1 if where else None  # COPY counts lines from 1
    column = where.group(2) if where and where.group(2) else diag.column_name
    problem = diag.message_primary or str(exc).splitlines()[0]
    if diag.constraint_name:
        problem = f"{_describe_constraint(spec, diag.constraint_name)} ({problem})"
    elif column:
        problem = f"'{column}': {problem}"
    record = "" if index is None else f", record {index}"
    field = spec.id + ("" if index is None else f"[{index}]") + (f".{column}" if column else "")
    return InvalidInput(f"layer '{spec.id}'{record}: {problem}", field=field)


def _describe_constraint(spec: LayerSpec, name: str) -> str:
    """A readable statement of the constraint ``name`` of the layer's table."""
    for column in spec.table.columns:
        if isinstance(column.type, sa.Enum) and name == f"ck_{spec.table_name}_{column.type.name}":
            return f"'{column.name}' must be one of {', '.join(column.type.enums)}"
    for constraint in spec.table.constraints:
        if constraint.name != name or not isinstance(constraint, ColumnCollectionConstraint):
            continue
        columns = ", ".join(f"'{c.name}'" for c in constraint.columns)
        if isinstance(constraint, sa.CheckConstraint):
            return f"must satisfy {constraint.sqltext}"
        if isinstance(constraint, sa.UniqueConstraint):
            return f"{columns} must be unique"
        if isinstance(constraint, sa.ForeignKeyConstraint):
            return f"{columns} must refer to an existing {constraint.referred_table.name} row"
    return f"violates {name}"


def record_sources(
    conn: psycopg.Connection,
    counts: Mapping[str, int],
    *,
    source: str,
    synthetic: bool,
    licence: str,
) -> None:
    """One provenance row per loaded layer (``note`` holds the number of records)."""
    table = sql.Identifier(LayerSource.__tablename__)
    statement = sql.SQL(
        "INSERT INTO {} (layer_id, source, synthetic, licence, note, loaded_at) "
        "VALUES (%s, %s, %s, %s, %s, now()) ON CONFLICT (layer_id) DO UPDATE SET "
        "source = EXCLUDED.source, synthetic = EXCLUDED.synthetic, licence = EXCLUDED.licence, "
        "note = EXCLUDED.note, loaded_at = EXCLUDED.loaded_at"
    ).format(table)
    rows = [
        (layer, source, synthetic, licence, f"{n} εγγραφές / records")
        for layer, n in counts.items()
    ]
    try:
        with conn.cursor() as cur:
            cur.executemany(statement, rows)
    except psycopg.DataError as exc:  # e.g. a source name longer than the column
        raise InvalidInput(f"provenance: {exc.diag.message_primary}", field="source") from exc


# ------------------------------------------------------------------ for other loaders
def prepare_rows(
    spec: LayerSpec, records: Sequence[Mapping[str, Any]]
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """Check ``records`` of one layer as :func:`load_records` does; return columns and rows.

    Used by loaders that write through their own statements (update by source key).
    Foreign-key references (:class:`RecordRef`) are not allowed here.
    """
    batch = _prepare(spec, records, {spec.id: (spec.table_name, len(records))})
    return batch.columns, batch.rows
