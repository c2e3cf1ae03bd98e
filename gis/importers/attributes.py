"""Turning a GeoDataFrame into records of a registry layer: mapping, types, CRS.

A source column reaches a layer attribute when the user maps it (``--map src=dst``) or
when it has the attribute's name (case-insensitive). Every value is converted to the
attribute's type; a value that does not convert is an error naming the file, the
record, the field and the problem. Geometries are reprojected to the layer's CRS.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj.exceptions import CRSError

from layers.registry import LayerSpec, PropertySpec
from models.errors import InvalidInput

TRUE = {"true", "yes", "1", "y", "t", "ναι", "ν"}
FALSE = {"false", "no", "0", "n", "f", "όχι", "οχι", "ο"}


@dataclass(frozen=True)
class LayerRecords:
    """A file's features as records of one layer, with what was left out."""

    records: list[dict[str, Any]]
    mapped: dict[str, str]
    ignored: tuple[str, ...]


def parse_mapping(pairs: list[str] | None) -> dict[str, str]:
    """``["src=dst", ...]`` as a dict; ``InvalidInput`` for a malformed pair."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        src, sep, dst = pair.partition("=")
        if not sep or not src.strip() or not dst.strip():
            raise InvalidInput(f"--map '{pair}': expected SOURCE=ATTRIBUTE", field="map")
        out[src.strip()] = dst.strip()
    return out


def to_layer_records(
    spec: LayerSpec,
    frame: gpd.GeoDataFrame,
    *,
    where: str,
    mapping: Mapping[str, str] | None = None,
    constants: Mapping[str, Any] | None = None,
) -> LayerRecords:
    """Records of ``spec`` from ``frame`` (one per row, in order).

    Parameters
    ----------
    spec:
        The target layer; its published properties are the allowed attributes.
    frame:
        Features with a CRS (see :func:`gis.importers.vector.read_vector`).
    where:
        How messages name the source (``file 'x.gpkg'``).
    mapping:
        Source column → layer attribute, for columns not named like the attribute.
    constants:
        Attribute values given for every record (e.g. ``kind`` of boundaries).
    """
    columns = _column_map(spec, frame, mapping or {}, where=where)
    writable = {p.name: p for p in spec.properties if spec.table.c[p.name].computed is None}
    geoms = _geometries(spec, frame, where=where)
    records = []
    for index, row in enumerate(frame[list(columns)].itertuples(index=False, name=None)):
        record: dict[str, Any] = dict(constants or {})
        for value, (src, dst) in zip(row, columns.items(), strict=True):
            record[dst] = convert(writable[dst], value, where=f"{where}, record {index}", src=src)
        record["geom"] = geoms[index]
        records.append(record)
    ignored = tuple(c for c in frame.columns if c not in columns and c != frame.geometry.name)
    return LayerRecords(records, columns, ignored)


def _column_map(
    spec: LayerSpec, frame: gpd.GeoDataFrame, mapping: Mapping[str, str], *, where: str
) -> dict[str, str]:
    """Source column → attribute, checked against the file and the layer."""
    writable = {p.name for p in spec.properties if spec.table.c[p.name].computed is None}
    for src, dst in mapping.items():
        if src not in frame.columns:
            have = ", ".join(c for c in frame.columns if c != frame.geometry.name)
            raise InvalidInput(f"{where}: no column '{src}' (columns: {have})", field=src)
        if dst not in writable:
            raise InvalidInput(
                f"--map {src}={dst}: layer '{spec.id}' has no attribute '{dst}' "
                f"(attributes: {', '.join(sorted(writable))})",
                field=dst,
            )
    out = dict(mapping)
    by_lower = {name.lower(): name for name in writable}
    for column in frame.columns:
        found = by_lower.get(str(column).lower())
        if column not in out and found and found not in out.values():
            out[column] = found
    return out


def _geometries(spec: LayerSpec, frame: gpd.GeoDataFrame, *, where: str) -> list[Any]:
    """Geometries in the layer's CRS; missing or empty ones are an error naming the record."""
    geoms = frame.geometry.to_numpy()
    missing = np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if missing.size:
        index = int(missing[0])
        raise InvalidInput(f"{where}, record {index}: empty or missing geometry", field="geom")
    try:
        projected = frame.geometry.to_crs(epsg=spec.srid).to_numpy()
    except CRSError as exc:
        raise InvalidInput(f"{where}: cannot transform to EPSG:{spec.srid} ({exc})") from None
    bad = np.flatnonzero(~np.isfinite(shapely.get_coordinates(projected)).all(axis=1))
    if bad.size:
        raise InvalidInput(f"{where}: coordinates do not transform to EPSG:{spec.srid}")
    return list(projected)


def convert(prop: PropertySpec, value: Any, *, where: str, src: str) -> Any:
    """``value`` as the attribute's type; ``None`` for blanks; ``InvalidInput`` otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    try:
        out = _CONVERTERS[prop.format or prop.type](value)
    except (ValueError, TypeError, OverflowError):
        kind = prop.format or prop.type
        raise InvalidInput(
            f"{where}, field '{src}': {value!r} is not a valid {kind} for '{prop.name}'",
            field=src,
        ) from None
    if prop.enum and out not in prop.enum:
        raise InvalidInput(
            f"{where}, field '{src}': {value!r} is not one of {', '.join(prop.enum)}",
            field=src,
        )
    return out


def _integer(value: Any) -> int:
    number = float(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(value)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _string(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "integer": _integer,
    "number": float,
    "boolean": _boolean,
    "date": _date,
    "date-time": _datetime,
    "string": _string,
}
