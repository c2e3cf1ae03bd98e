"""Shared SQL helpers of the participation stores: GeoJSON in and out, constraint errors."""

from __future__ import annotations

from typing import Any

import psycopg

from models.errors import InvalidInput

INPUT_ERRORS = (
    psycopg.errors.CheckViolation,
    psycopg.errors.NotNullViolation,
    psycopg.errors.ForeignKeyViolation,
    psycopg.errors.InternalError_,
    psycopg.errors.InvalidParameterValue,
    psycopg.errors.DataException,
)


def input_error(exc: psycopg.Error, field: str) -> InvalidInput:
    """The database's refusal of a value as a 422 naming ``field``."""
    detail = (exc.diag.message_primary or type(exc).__name__).strip()
    name = exc.diag.constraint_name or field
    return InvalidInput(f"'{field}': {detail} ({name}) / μη έγκυρη τιμή", field=field)


def as_dicts(cur: psycopg.AsyncCursor[Any], rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name."""
    names = [d.name for d in cur.description or ()]
    return [dict(zip(names, row, strict=True)) for row in rows]
