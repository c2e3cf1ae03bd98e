"""Create, replace, update and delete features, each with its audit entry, in one
transaction; optimistic concurrency through a version tag (ETag) of the stored row."""

from __future__ import annotations

import json
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from layers.editing.input import FeatureInput
from layers.ogc.crs import DEFAULT, OutputCRS
from layers.ogc.features import VERSION, feature_sql, parse_fid
from layers.registry import LayerSpec
from models.audit import AuditAction
from models.errors import InvalidInput, NotFound, PreconditionFailed


def geometry_in(spec: LayerSpec, crs: OutputCRS, placeholder: sql.Composable) -> sql.Composable:
    """SQL turning submitted GeoJSON in ``crs`` into the layer's geometry (a single part
    promoted to multi on a multi-part layer, as the input validator promises)."""
    srid = spec.srid
    geom: sql.Composable = sql.SQL("ST_SetSRID(ST_GeomFromGeoJSON({}), {})").format(
        placeholder, sql.Literal(crs.srid)
    )
    if crs.flip:
        geom = sql.SQL("ST_FlipCoordinates({})").format(geom)
    if crs.srid != srid:
        geom = sql.SQL("ST_Transform({}, {})").format(geom, sql.Literal(srid))
    if spec.geometry_type.startswith("Multi"):
        geom = sql.SQL("ST_Multi({})").format(geom)
    return geom


def _snapshot_sql(spec: LayerSpec) -> sql.Composed:
    return sql.SQL("SELECT {}::jsonb, {} FROM {} AS t WHERE t.id = %(fid)s FOR UPDATE").format(
        feature_sql(spec, crs=DEFAULT), VERSION, sql.Identifier(spec.table_name)
    )


async def _snapshot(
    conn: psycopg.AsyncConnection, spec: LayerSpec, fid: int
) -> tuple[dict[str, Any], str]:
    cur = await conn.execute(_snapshot_sql(spec), {"fid": fid})
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"feature '{fid}' does not exist in '{spec.id}'", field="featureId")
    return row[0], row[1]


async def _record(
    conn: psycopg.AsyncConnection,
    *,
    spec: LayerSpec,
    fid: int,
    actor: tuple[int | None, str],
    action: AuditAction,
    before: dict[str, Any] | None,
) -> str | None:
    """Write the audit entry of a change (the after-state read back from the row);
    returns the feature's new version, None once deleted."""
    after, version = (None, None)
    if action is not AuditAction.DELETE:
        after, version = await _snapshot(conn, spec, fid)
    await conn.execute(
        "INSERT INTO audit_log (actor_id, via, action, layer, feature_id, before, after) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (
            actor[0],
            actor[1],
            action.value,
            spec.id,
            fid,
            json.dumps(before) if before is not None else None,
            json.dumps(after) if after is not None else None,
        ),
    )
    return version


def _check_version(fid: int, current: str, if_match: str) -> None:
    tags = {t.strip().removeprefix("W/").strip('"') for t in if_match.split(",")}
    if "*" not in tags and current not in tags:
        raise PreconditionFailed(
            f"feature '{fid}' changed since you read it (current version \"{current}\"); "
            "read it again and reapply your change / άλλαξε στο μεταξύ"
        )


def _constraint_error(spec: LayerSpec, exc: psycopg.Error) -> InvalidInput:
    diag = exc.diag
    name = diag.constraint_name or diag.column_name or "value"
    detail = (diag.message_primary or str(exc)).strip()
    return InvalidInput(f"layer '{spec.id}': {detail} ({name})", field=name)


DB_INPUT_ERRORS = (
    psycopg.errors.CheckViolation,
    psycopg.errors.NotNullViolation,
    psycopg.errors.ForeignKeyViolation,
    psycopg.errors.UniqueViolation,
    psycopg.errors.StringDataRightTruncation,
    psycopg.errors.NumericValueOutOfRange,
    psycopg.errors.InternalError_,
    psycopg.errors.InvalidParameterValue,
    psycopg.errors.DataException,
)


async def create_feature(
    pool: AsyncConnectionPool,
    spec: LayerSpec,
    data: FeatureInput,
    *,
    crs: OutputCRS,
    actor: tuple[int | None, str],
) -> tuple[int, str]:
    """Insert; returns (new id, version)."""
    names = list(data.values)
    values = [sql.Placeholder(n) for n in names]
    query = sql.SQL("INSERT INTO {} AS t ({}, geom) VALUES ({}, {}) RETURNING t.id").format(
        sql.Identifier(spec.table_name),
        sql.SQL(", ").join(sql.Identifier(n) for n in names),
        sql.SQL(", ").join(values),
        geometry_in(spec, crs, sql.Placeholder("__geom")),
    )
    async with pool.connection() as conn, conn.transaction():
        try:
            cur = await conn.execute(query, {**data.values, "__geom": data.geometry})
        except DB_INPUT_ERRORS as exc:
            raise _constraint_error(spec, exc) from None
        row = await cur.fetchone()
        assert row is not None
        fid = int(row[0])
        version = await _record(
            conn, spec=spec, fid=fid, actor=actor, action=AuditAction.CREATE, before=None
        )
    assert version is not None
    return fid, version


async def change_feature(
    pool: AsyncConnectionPool,
    spec: LayerSpec,
    fid_text: str,
    data: FeatureInput,
    *,
    crs: OutputCRS,
    if_match: str,
    actor: tuple[int | None, str],
    action: AuditAction,
) -> str:
    """Replace (every writable column) or update (the given ones); returns the new version."""
    fid = parse_fid(spec, fid_text)
    sets = [sql.SQL("{} = {}").format(sql.Identifier(n), sql.Placeholder(n)) for n in data.values]
    if data.geometry is not None:
        sets.append(sql.SQL("geom = {}").format(geometry_in(spec, crs, sql.Placeholder("__geom"))))
    async with pool.connection() as conn, conn.transaction():
        before, current = await _snapshot(conn, spec, fid)
        _check_version(fid, current, if_match)
        if sets:
            query = sql.SQL("UPDATE {} AS t SET {} WHERE t.id = %(__fid)s").format(
                sql.Identifier(spec.table_name), sql.SQL(", ").join(sets)
            )
            try:
                await conn.execute(query, {**data.values, "__geom": data.geometry, "__fid": fid})
            except DB_INPUT_ERRORS as exc:
                raise _constraint_error(spec, exc) from None
        version = await _record(conn, spec=spec, fid=fid, actor=actor, action=action, before=before)
    assert version is not None
    return version


async def delete_feature(
    pool: AsyncConnectionPool,
    spec: LayerSpec,
    fid_text: str,
    *,
    if_match: str,
    actor: tuple[int | None, str],
) -> None:
    fid = parse_fid(spec, fid_text)
    async with pool.connection() as conn, conn.transaction():
        before, current = await _snapshot(conn, spec, fid)
        _check_version(fid, current, if_match)
        try:
            await conn.execute(
                sql.SQL("DELETE FROM {} WHERE id = %s").format(sql.Identifier(spec.table_name)),
                (fid,),
            )
        except DB_INPUT_ERRORS as exc:
            raise _constraint_error(spec, exc) from None
        await _record(
            conn, spec=spec, fid=fid, actor=actor, action=AuditAction.DELETE, before=before
        )
