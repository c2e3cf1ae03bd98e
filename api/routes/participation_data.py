"""Participation responses: JSON of database rows, GeoJSON feature collections and
open-data tables (CSV or JSON)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import orjson
from starlette.responses import Response

from models.errors import NotFound


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError


def as_json(body: Any, status: int = 200) -> Response:
    """JSON of rows holding decimals and dates."""
    return Response(
        orjson.dumps(body, default=_default, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type="application/json",
    )


def features(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows with a ``geometry`` (GeoJSON) as a FeatureCollection."""
    found = [
        {
            "type": "Feature",
            "id": row.get("id"),
            "geometry": row["geometry"],
            "properties": {k: v for k, v in row.items() if k != "geometry"},
        }
        for row in rows
    ]
    return {"type": "FeatureCollection", "features": found}


def feature_collection(rows: list[dict[str, Any]]) -> Response:
    """Rows with a ``geometry`` as a GeoJSON response."""
    return Response(
        orjson.dumps(features(rows), default=_default), media_type="application/geo+json"
    )


def table_response(rows: list[dict[str, Any]], fmt: str, name: str) -> Response:
    """Open data as CSV or JSON."""
    if fmt == "json":
        return as_json(rows)
    if fmt != "csv":
        raise NotFound(f"format '{fmt}': use csv or json / μορφή csv ή json", field="format")
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(v) for k, v in row.items()})
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return _default(value) if isinstance(value, Decimal | dt.date) else value
