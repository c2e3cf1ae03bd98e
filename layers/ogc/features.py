"""Features of a layer as GeoJSON built by PostGIS, for the OGC fast path and the provider.

The whole page is produced in SQL as text (``json_build_object`` per feature,
``ST_AsGeoJSON`` with integer SRIDs) and passed through without decoding, which is
what lets Polis serve OGC API – Features at database speed. Every page carries an exact
``numberMatched`` at little cost: an unfiltered page reads the table's count kept by
triggers (:mod:`layers.db.counts`), a filtered one counts with the page's own WHERE, and
only when the page itself cannot tell (a page shorter than ``limit`` ends the matches).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from layers.db.counts import COUNTS_TABLE
from layers.db.pools import read_one, read_one_sync
from layers.ogc.cql import Params, compile_filter, envelope_sql
from layers.ogc.crs import Box, OutputCRS
from layers.ogc.params import FeatureQuery
from layers.registry import LayerSpec, PropertySpec
from models.errors import InvalidParameter, NotFound

#: Errors PostgreSQL raises when a (valid CQL2) filter compares incompatible things.
FILTER_ERRORS = (
    psycopg.errors.DataError,
    psycopg.errors.UndefinedFunction,
    psycopg.errors.DatatypeMismatch,
    psycopg.errors.InvalidParameterValue,
    psycopg.errors.InternalError_,
    psycopg.errors.DataException,
)


def geometry_sql(spec: LayerSpec, crs: OutputCRS) -> sql.Composable:
    """``ST_AsGeoJSON`` text of ``t.geom`` in ``crs`` (integer SRIDs only: fast
    transforms), ``null`` for a missing geometry."""
    geom: sql.Composable = sql.SQL("t.geom")
    if crs.srid != spec.srid:
        geom = sql.SQL("ST_Transform(t.geom, {})").format(sql.Literal(crs.srid))
    if crs.flip:
        geom = sql.SQL("ST_FlipCoordinates({})").format(geom)
    return sql.SQL("coalesce(ST_AsGeoJSON({}, {}), 'null')").format(geom, sql.Literal(crs.digits))


def value_sql(prop: PropertySpec) -> sql.Composable:
    """A property's JSON value; whole numbers of a ``number`` property keep a ``.0``.

    Clients that type fields from the first page (GDAL's OAPIF driver) would otherwise
    read ``120`` as an integer and lose the decimals of later features.
    """
    column = sql.SQL("t.{}").format(sql.Identifier(prop.name))
    if prop.type != "number":
        return column
    return sql.SQL(
        "CASE WHEN {0} = trunc({0}) THEN to_json(round({0}::numeric, 1)) ELSE to_json({0}) END"
    ).format(column)


@lru_cache(maxsize=512)
def feature_sql(
    spec: LayerSpec,
    *,
    crs: OutputCRS,
    properties: tuple[str, ...] | None = None,
    skip_geometry: bool = False,
) -> sql.SQL:
    """A GeoJSON Feature of row ``t`` as a ``text`` expression (rendered once, cached).

    Joined as text: handing ``ST_AsGeoJSON``'s text to ``json_build_object`` as ``json``
    would parse every geometry again (a quarter of the cost of a page)."""
    names = properties if properties is not None else tuple(p.name for p in spec.properties)
    pairs = sql.SQL(", ").join(
        sql.SQL("{}, {}").format(sql.Literal(n), value_sql(spec.property(n))) for n in names
    )
    geometry = sql.SQL("'null'") if skip_geometry else geometry_sql(spec, crs)
    composed = sql.SQL(
        '(\'{{"type":"Feature","id":\' || t.id || \',"geometry":\' || {} '
        "|| ',\"properties\":' || json_build_object({})::text || '}}')"
    ).format(geometry, pairs)
    return sql.SQL(composed.as_string(None))


def where_parts(spec: LayerSpec, q: FeatureQuery, params: Params) -> list[sql.Composable]:
    """The conditions of ``q`` (none when nothing filters)."""
    parts: list[sql.Composable] = []
    if q.bbox is not None:
        parts.append(bbox_sql(q.bbox, q.bbox_crs.srid, spec.srid, params))
    if q.interval is not None and spec.time_field is not None:
        column = sql.SQL("t.{}").format(sql.Identifier(spec.time_field))
        lo, hi = q.interval
        if lo is not None:
            parts.append(sql.SQL("{} >= {}").format(column, params.add(lo)))
        if hi is not None:
            parts.append(sql.SQL("{} <= {}").format(column, params.add(hi)))
    for name, value in q.equals:
        parts.append(sql.SQL("t.{} = {}").format(sql.Identifier(name), params.add(value)))
    if q.filter is not None:
        parts.append(compile_filter(spec, q.filter, params, filter_crs=q.filter_crs))
    return parts


def where_sql(spec: LayerSpec, q: FeatureQuery, params: Params) -> sql.Composed:
    """The WHERE clause (``TRUE`` when nothing filters)."""
    parts = where_parts(spec, q, params)
    return sql.SQL(" AND ").join(parts) if parts else sql.Composed([sql.SQL("TRUE")])


def bbox_sql(box: Box, srid: int, storage_srid: int, params: Params) -> sql.Composable:
    """``t.geom`` intersects ``box`` (in ``srid``); see :func:`layers.ogc.cql.envelope_sql`."""
    env = envelope_sql(box, srid, storage_srid, params)
    if env is None:
        return sql.SQL("FALSE")
    return sql.SQL("ST_Intersects(t.geom, {})").format(env)


def order_sql(q: FeatureQuery) -> sql.Composed:
    keys: list[sql.Composable] = [
        sql.SQL("t.{} {}").format(sql.Identifier(name), sql.SQL("DESC" if desc else "ASC"))
        for name, desc in q.sortby
    ]
    keys.append(sql.SQL("t.id ASC"))
    return sql.SQL(", ").join(keys)


@lru_cache(maxsize=64)
def table_count_sql(table: str) -> sql.SQL:
    """The row count of ``table``: the count its triggers keep (:mod:`layers.db.counts`),
    or a full count when the table is not tracked (the second subquery then runs only)."""
    name = sql.Identifier(table)
    composed = sql.SQL(
        "coalesce((SELECT c.n FROM {counts} AS c WHERE c.relid = {regclass}::regclass), "
        "(SELECT count(*) FROM {table}))"
    ).format(
        counts=sql.Identifier(COUNTS_TABLE),
        regclass=sql.Literal(name.as_string(None)),
        table=name,
    )
    return sql.SQL(composed.as_string(None))


def matched_sql(spec: LayerSpec, parts: list[sql.Composable]) -> sql.Composable:
    """``numberMatched``: the table's count when nothing filters, else a count with the
    same conditions (in the page's statement, so on the same snapshot)."""
    if not parts:
        return table_count_sql(spec.table_name)
    return sql.SQL("(SELECT count(*) FROM {} AS t WHERE {})").format(
        sql.Identifier(spec.table_name), sql.SQL(" AND ").join(parts)
    )


def items_sql(
    spec: LayerSpec, q: FeatureQuery, *, max_bytes: int
) -> tuple[sql.Composed, dict[str, Any]]:
    """SQL returning one row ``(numberReturned, features, truncated, numberMatched)``: the
    features joined as UTF-8 JSON (``bytea``: read in binary, it reaches the response
    without being decoded and encoded again), the page cut short (``truncated``) once it
    would exceed ``max_bytes`` (the first feature is always sent), and the exact number
    of features matching the query.

    ``n`` numbers the page's rows from 1 (a window function counts before ``OFFSET``).
    ``numberMatched`` is ``offset`` + the page's rows when the page is shorter than
    ``limit`` (and not past the end); otherwise the count of :func:`matched_sql`, an
    InitPlan PostgreSQL runs only when this ``CASE`` needs it."""
    params = Params()
    parts = where_parts(spec, q, params)
    where = sql.SQL(" AND ").join(parts) if parts else sql.SQL("TRUE")
    order = order_sql(q)
    limit, offset = params.add(q.limit), params.add(q.offset)
    query = sql.SQL(
        "SELECT count(*)::int, "
        "convert_to(coalesce(string_agg(f, ',' ORDER BY n), ''), 'UTF8'), "
        "coalesce(max(n) < max(rows), false), "
        "CASE WHEN coalesce(max(rows), 0) < {limit} AND (max(rows) > 0 OR {offset} = 0) "
        "THEN {offset} + coalesce(max(rows), 0) ELSE {matched} END::bigint FROM ("
        "SELECT f, n, count(*) OVER () AS rows, sum(octet_length(f)) OVER (ORDER BY n) AS size "
        "FROM (SELECT {feature}::text AS f, row_number() OVER (ORDER BY {order}) - {offset} AS n "
        "FROM {table} AS t WHERE {where} ORDER BY {order} LIMIT {limit} OFFSET {offset}) AS p"
        ") AS s WHERE size <= {max_bytes} OR n = 1"
    ).format(
        feature=feature_sql(
            spec, crs=q.crs, properties=q.properties, skip_geometry=q.skip_geometry
        ),
        order=order,
        table=sql.Identifier(spec.table_name),
        where=where,
        limit=limit,
        offset=offset,
        matched=matched_sql(spec, parts),
        max_bytes=params.add(max_bytes),
    )
    return query, params.values


class ItemsPage(NamedTuple):
    """One page of features as :func:`items_sql` returns it."""

    returned: int  #: numberReturned
    features: bytes  #: the features' GeoJSON (UTF-8), comma-joined
    truncated: bool  #: cut short at the byte cap (a next page starts after it)
    matched: int  #: numberMatched: every feature the query selects


#: The version tag (ETag) of a row: any change to any column changes it, and it reveals
#: nothing of the row (private attributes included): a hash keyed with the session's
#: ``polis.version_key`` (set by :func:`layers.db.pools.async_pool`), so no one can test
#: guesses against it. It hashes the row's text form (``t::text``: the geometry as hex
#: EWKB, floats exact), which costs a fifth of ``row_to_json`` (that formats the
#: geometry as GeoJSON a second time) on every single-feature read.
VERSION = sql.SQL(
    "left(encode(sha256(convert_to(current_setting('polis.version_key', true) "
    "|| t::text, 'UTF8')), 'hex'), 32)"
)


@lru_cache(maxsize=256)
def item_sql(spec: LayerSpec, crs: OutputCRS) -> bytes:
    """SQL returning the GeoJSON text and the version tag of feature ``%(fid)s``.

    Rendered once per layer view and CRS: composing SQL costs more than running it."""
    return (
        sql.SQL("SELECT {}::text, {} FROM {} AS t WHERE t.id = %(fid)s")
        .format(feature_sql(spec, crs=crs), VERSION, sql.Identifier(spec.table_name))
        .as_bytes(None)
    )


def parse_fid(spec: LayerSpec, fid: str) -> int:
    """Feature ids are integers; anything else cannot exist (404)."""
    try:
        value = int(fid)
    except ValueError:
        raise NotFound(
            f"feature '{fid}' does not exist in '{spec.id}'", field="featureId"
        ) from None
    if not -(2**31) <= value < 2**31:
        raise NotFound(f"feature '{fid}' does not exist in '{spec.id}'", field="featureId")
    return value


def _filter_error(exc: Exception) -> InvalidParameter:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InvalidParameter("filter", f"cannot be evaluated on this collection: {detail}")


async def fetch_items(
    pool: AsyncConnectionPool, spec: LayerSpec, q: FeatureQuery, *, max_bytes: int
) -> ItemsPage:
    """A page of features (see :class:`ItemsPage`), cut short at ``max_bytes``."""
    query, params = items_sql(spec, q, max_bytes=max_bytes)
    try:
        row = await read_one(pool, query, params, binary=True)
    except FILTER_ERRORS as exc:
        if q.filter is None:
            raise
        raise _filter_error(exc) from None
    return ItemsPage(row[0], row[1], row[2], row[3])


async def fetch_item(
    pool: AsyncConnectionPool, spec: LayerSpec, fid: str, crs: OutputCRS
) -> tuple[str, str]:
    """(GeoJSON text, version tag) of one feature; ``NotFound`` when it does not exist."""
    value = parse_fid(spec, fid)
    row = await read_one(pool, item_sql(spec, crs), {"fid": value})
    if row is None:
        raise NotFound(f"feature '{fid}' does not exist in '{spec.id}'", field="featureId")
    return str(row[0]), str(row[1])


def fetch_items_sync(
    pool: ConnectionPool, spec: LayerSpec, q: FeatureQuery, *, max_bytes: int
) -> ItemsPage:
    """Blocking twin of :func:`fetch_items` (pygeoapi's provider runs in threads)."""
    query, params = items_sql(spec, q, max_bytes=max_bytes)
    try:
        row = read_one_sync(pool, query, params, binary=True)
    except FILTER_ERRORS as exc:
        if q.filter is None:
            raise
        raise _filter_error(exc) from None
    return ItemsPage(row[0], row[1], row[2], row[3])


def fetch_item_sync(pool: ConnectionPool, spec: LayerSpec, fid: str, crs: OutputCRS) -> str:
    """Blocking twin of :func:`fetch_item`."""
    value = parse_fid(spec, fid)
    row = read_one_sync(pool, item_sql(spec, crs), {"fid": value})
    if row is None:
        raise NotFound(f"feature '{fid}' does not exist in '{spec.id}'", field="featureId")
    return str(row[0])
