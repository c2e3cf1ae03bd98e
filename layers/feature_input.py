"""Validation of a GeoJSON feature submitted for a layer (OGC API – Features Part 4).

Framework-free: takes the decoded body, returns the column values and the geometry, or
raises ``InvalidInput`` naming the member and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

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


def check_geometry(spec: LayerSpec, geometry: Any) -> str:
    """The geometry as GeoJSON text, if its type suits the layer."""
    if not isinstance(geometry, dict) or "type" not in geometry or "coordinates" not in geometry:
        raise InvalidInput("geometry: a GeoJSON geometry object is required", field="geometry")
    allowed = ACCEPTS.get(spec.geometry_type, (spec.geometry_type,))
    if geometry["type"] not in allowed:
        raise InvalidInput(
            f"geometry: {geometry['type']} given, layer '{spec.id}' takes {' or '.join(allowed)}",
            field="geometry",
        )
    return json.dumps({"type": geometry["type"], "coordinates": geometry["coordinates"]})


def default(spec: LayerSpec, name: str) -> Any:
    """The column's scalar default (used when a full feature omits the property)."""
    column_default = spec.table.c[name].default
    arg = getattr(column_default, "arg", None)
    if arg is None or callable(arg):
        return None
    return arg.value if hasattr(arg, "value") else arg


def parse_feature(spec: LayerSpec, body: Any, *, partial: bool = False) -> FeatureInput:
    """Check a submitted Feature. ``partial`` (PATCH): only the given members change."""
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
        return FeatureInput(values, check_geometry(spec, body.get("geometry")))
    return FeatureInput(values, None)
