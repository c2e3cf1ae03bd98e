"""Validation of a GeoJSON feature submitted for a layer (OGC API – Features Part 4).

Framework-free: takes the decoded body, returns the column values and the geometry, or
raises ``InvalidInput`` naming the member and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from layers.ogc.crs import DEFAULT, OutputCRS, area_of_use
from layers.registry import LayerSpec, PropertySpec
from models.errors import InvalidInput

#: Geometry types a layer of each type accepts (single parts are promoted to multi).
ACCEPTS = {
    "MultiPolygon": ("Polygon", "MultiPolygon"),
    "MultiLineString": ("LineString", "MultiLineString"),
    "MultiPoint": ("Point", "MultiPoint"),
}


@dataclass(frozen=True)
class FeatureInput:
    """Checked values of a submitted feature: columns and GeoJSON geometry text."""

    values: dict[str, Any]
    geometry: str | None


def writable(spec: LayerSpec) -> dict[str, PropertySpec]:
    """Properties a client may set (computed columns are the database's)."""
    return {p.name: p for p in spec.properties if spec.table.c[p.name].computed is None}


def check_value(prop: PropertySpec, value: Any) -> Any:
    """``value`` converted to the property's type; ``InvalidInput`` naming it otherwise."""
    where = f"properties.{prop.name}"
    if value is None:
        if not prop.nullable:
            raise InvalidInput(f"{where}: a value is required", field=where)
        return None
    expected: dict[str, type | tuple[type, ...]] = {
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "string": str,
    }
    kind = expected[prop.type]
    if isinstance(value, bool) and prop.type != "boolean" or not isinstance(value, kind):
        raise InvalidInput(f"{where}: {value!r} is not a {prop.type}", field=where)
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{where}: {value!r} is not a finite number", field=where)
    if isinstance(value, str) and "\x00" in value:
        raise InvalidInput(f"{where}: contains a NUL character", field=where)
    if prop.enum and value not in prop.enum:
        raise InvalidInput(f"{where}: {value!r} is not one of {', '.join(prop.enum)}", field=where)
    if prop.format in ("date", "date-time") and isinstance(value, str):
        try:
            return (
                dt.date.fromisoformat(value)
                if prop.format == "date"
                else dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            )
        except ValueError:
            raise InvalidInput(
                f"{where}: {value!r} is not an ISO {prop.format}", field=where
            ) from None
    return value


#: How deep the coordinate arrays of each geometry type nest (a position is depth 1).
DEPTH = {
    "Point": 1,
    "MultiPoint": 2,
    "LineString": 2,
    "MultiLineString": 3,
    "Polygon": 3,
    "MultiPolygon": 4,
}
MIN_POINTS = {"LineString": 2, "Polygon": 4}  # a line has 2 positions, a ring 4


def _positions(coords: Any, depth: int, where: str) -> list[list[float]]:
    """Every position of a coordinate array of the given depth; ``InvalidInput`` naming
    the first malformed member (strings, booleans, NaN, wrong nesting)."""
    if depth == 1:
        ok = (
            isinstance(coords, list)
            and len(coords) in (2, 3)
            and all(
                isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                for v in coords
            )
        )
        if not ok:
            raise InvalidInput(f"{where}: {coords!r} is not a position [x, y]", field="geometry")
        return [coords]
    if not isinstance(coords, list) or not coords:
        raise InvalidInput(f"{where}: expected a non-empty array", field="geometry")
    out: list[list[float]] = []
    for i, part in enumerate(coords):
        out.extend(_positions(part, depth - 1, f"{where}[{i}]"))
    return out


def _check_parts(kind: str, coords: list[Any]) -> None:
    """Enough positions per line / ring (the database would refuse fewer)."""
    single = kind.removeprefix("Multi")
    need = MIN_POINTS.get(single)
    if need is None:
        return
    parts = coords if kind.startswith("Multi") else [coords]
    lines = parts if single == "LineString" else [ring for poly in parts for ring in poly]
    if any(len(line) < need for line in lines):
        what = "line" if single == "LineString" else "ring"
        raise InvalidInput(f"geometry: a {what} needs at least {need} positions", field="geometry")


def check_geometry(spec: LayerSpec, geometry: Any, crs: OutputCRS = DEFAULT) -> str:
    """The geometry as GeoJSON text, if its type suits the layer, its coordinates are
    numbers, and every position lies where the layer's CRS is valid (``crs`` is the
    CRS the client sent them in: a longitude of 500 or lon/lat sent as EPSG:2100 are
    refused, not stored somewhere else)."""
    if not isinstance(geometry, dict) or "type" not in geometry or "coordinates" not in geometry:
        raise InvalidInput("geometry: a GeoJSON geometry object is required", field="geometry")
    allowed = ACCEPTS.get(spec.geometry_type, (spec.geometry_type,))
    kind = geometry["type"]
    if kind not in allowed or kind not in DEPTH:
        raise InvalidInput(
            f"geometry: {kind} given, layer '{spec.id}' takes {' or '.join(allowed)}",
            field="geometry",
        )
    coords = geometry["coordinates"]
    positions = _positions(coords, DEPTH[kind], "geometry.coordinates")
    _check_parts(kind, coords)
    x0, y0, x1, y1 = area_of_use(spec.srid, crs.srid)
    for position in positions:
        x, y = (position[1], position[0]) if crs.flip else (position[0], position[1])
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            raise InvalidInput(
                f"geometry.coordinates: {position} lies outside the area where the layer's "
                f"CRS (EPSG:{spec.srid}) is valid, read as {crs.uri}; check the coordinate "
                "order and the Content-Crs header",
                field="geometry",
            )
    return json.dumps({"type": kind, "coordinates": coords})


def default(spec: LayerSpec, name: str) -> Any:
    """The column's scalar default (used when a full feature omits the property)."""
    column_default = spec.table.c[name].default
    arg = getattr(column_default, "arg", None)
    if arg is None or callable(arg):
        return None
    return arg.value if hasattr(arg, "value") else arg


def parse_feature(
    spec: LayerSpec, body: Any, *, partial: bool = False, crs: OutputCRS = DEFAULT
) -> FeatureInput:
    """Check a submitted Feature (coordinates in ``crs``). ``partial`` (PATCH): only the
    given members change."""
    if not isinstance(body, dict) or body.get("type") != "Feature":
        raise InvalidInput("type: the body must be a GeoJSON Feature", field="type")
    props = body.get("properties")
    props = {} if props is None else props
    if not isinstance(props, dict):
        raise InvalidInput("properties: must be an object", field="properties")
    allowed = writable(spec)
    unknown = [name for name in props if name not in allowed]
    if unknown:
        raise InvalidInput(
            f"properties.{unknown[0]}: not a writable property of '{spec.id}'",
            field=f"properties.{unknown[0]}",
        )
    names = props.keys() if partial else allowed.keys()
    values = {
        name: check_value(allowed[name], props[name] if name in props else default(spec, name))
        for name in names
    }
    if "geometry" in body or not partial:
        return FeatureInput(values, check_geometry(spec, body.get("geometry"), crs))
    return FeatureInput(values, None)
