"""Query parameters of OGC API – Features item requests, parsed and checked.

Framework-free: takes the query string as a mapping, returns a :class:`FeatureQuery`
or raises :class:`InvalidParameter` naming the parameter and the problem.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from layers.ogc.cql import Params, compile_filter, parse_filter
from layers.ogc.crs import DEFAULT, OutputCRS, parse_crs
from layers.registry import LayerSpec, PropertySpec
from models.errors import InvalidParameter

#: Parameters with a meaning on /items besides the queryables themselves.
RESERVED = frozenset(
    {
        "f",
        "lang",
        "limit",
        "offset",
        "bbox",
        "bbox-crs",
        "datetime",
        "crs",
        "sortby",
        "properties",
        "skipGeometry",
        "filter",
        "filter-lang",
        "filter-crs",
    }
)


#: The largest ``offset`` (a PostgreSQL ``OFFSET`` is a bigint; no page lies that far).
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True)
class FeatureQuery:
    """A validated request for a page of features of one layer."""

    limit: int
    offset: int = 0
    bbox: tuple[float, float, float, float] | None = None
    bbox_crs: OutputCRS = DEFAULT
    interval: tuple[dt.datetime | None, dt.datetime | None] | None = None
    equals: tuple[tuple[str, Any], ...] = ()
    filter: dict[str, Any] | bool | None = None
    filter_crs: OutputCRS = DEFAULT
    sortby: tuple[tuple[str, bool], ...] = ()  # (property, descending)
    properties: tuple[str, ...] | None = None
    skip_geometry: bool = False
    crs: OutputCRS = DEFAULT


def parse_int(value: str, field: str, *, low: int, high: int | None = None) -> int:
    """``value`` as an integer within [low, high]; ``InvalidParameter`` otherwise."""
    span = f"between {low} and {high}" if high is not None else f">= {low}"
    if len(value) > 20:  # int() of a huge digit string is itself costly
        raise InvalidParameter(field, f"'{value[:20]}…' is not an integer {span}")
    try:
        number = int(value)
    except ValueError:
        raise InvalidParameter(field, f"'{value}' is not an integer {span}") from None
    if number < low or (high is not None and number > high):
        raise InvalidParameter(field, f"{number} is out of range: must be {span}")
    return number


def parse_bbox(value: str, crs: OutputCRS) -> tuple[float, float, float, float]:
    """A ``bbox`` of 4 (or 6, with heights) numbers, as (minx, miny, maxx, maxy) in x/y order."""
    parts = value.split(",")
    if len(parts) not in (4, 6):
        raise InvalidParameter("bbox", f"needs 4 or 6 comma-separated numbers, got {len(parts)}")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        raise InvalidParameter("bbox", f"'{value}' contains a value that is not a number") from None
    if not all(math.isfinite(n) for n in nums):
        raise InvalidParameter("bbox", "every coordinate must be a finite number")
    x0, y0, x1, y1 = (nums[0], nums[1], nums[3], nums[4]) if len(nums) == 6 else nums
    if crs.flip:
        x0, y0, x1, y1 = y0, x0, y1, x1
    if crs.srid == 4326:
        if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90):
            raise InvalidParameter("bbox", "longitude must be within ±180 and latitude within ±90")
    if y0 > y1 or x0 > x1:
        raise InvalidParameter("bbox", "the lower corner must come before the upper corner")
    return x0, y0, x1, y1


def parse_instant(text: str, field: str = "datetime") -> dt.datetime:
    """An RFC 3339 date or date-time (UTC when no offset is given)."""
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(field, f"'{text}' is not an RFC 3339 date or date-time") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def parse_datetime(value: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """An instant or a closed/half-bounded interval (``a/b``, ``../b``, ``a/..``)."""
    if "/" not in value:
        instant = parse_instant(value)
        if len(value) == 10:  # a whole day
            end = instant.replace(hour=23, minute=59, second=59, microsecond=999_999)
            return instant, end
        return instant, instant
    lo_text, _, hi_text = value.partition("/")
    lo = None if lo_text in ("", "..") else parse_instant(lo_text)
    hi = None if hi_text in ("", "..") else parse_instant(hi_text)
    if lo is None and hi is None:
        raise InvalidParameter("datetime", "an interval needs at least one bound")
    if lo is not None and hi is not None and lo > hi:
        raise InvalidParameter("datetime", "the interval's start is after its end")
    return lo, hi


def coerce(prop: PropertySpec, value: str) -> Any:
    """A query-string value converted to the property's type."""
    try:
        if prop.type == "integer":
            return int(value)
        if prop.type == "number":
            return float(value)
        if prop.type == "boolean":
            low = value.lower()
            if low not in ("true", "false"):
                raise ValueError
            return low == "true"
        if prop.format == "date":
            return dt.date.fromisoformat(value)
        if prop.format == "date-time":
            return parse_instant(value, prop.name)
    except ValueError:
        kind = prop.format or prop.type
        raise InvalidParameter(prop.name, f"'{value}' is not a valid {kind}") from None
    if prop.enum and value not in prop.enum:
        raise InvalidParameter(prop.name, f"'{value}' is not one of {', '.join(prop.enum)}")
    if "\x00" in value:
        raise InvalidParameter(prop.name, "contains a NUL character")
    return value


def parse_sortby(value: str, spec: LayerSpec) -> tuple[tuple[str, bool], ...]:
    out = []
    for part in value.split(","):
        part = part.strip()
        desc = part.startswith("-")
        name = part.lstrip("+-").strip()
        if name != "id" and name not in spec.property_names:
            raise InvalidParameter("sortby", f"'{name}' is not a property of '{spec.id}'")
        out.append((name, desc))
    return tuple(out)


def parse_properties(value: str, spec: LayerSpec) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in spec.property_names]
    if unknown:
        raise InvalidParameter("properties", f"unknown properties: {', '.join(unknown)}")
    return names


def parse_bool(value: str, field: str) -> bool:
    low = value.lower()
    if low not in ("true", "false"):
        raise InvalidParameter(field, f"'{value}' is not true or false")
    return low == "true"


def check_no_nul(params: Mapping[str, str]) -> None:
    """PostgreSQL text cannot hold NUL characters: refuse them up front, by name."""
    for name, value in params.items():
        if "\x00" in value or "\x00" in name:
            raise InvalidParameter(name.replace("\x00", "\\0"), "contains a NUL character")


def parse_items_query(
    spec: LayerSpec, params: Mapping[str, str], *, default_limit: int, max_limit: int
) -> FeatureQuery:
    """Validate the query string of ``/collections/{id}/items``."""
    unknown = [k for k in params if k not in RESERVED and k not in spec.property_names]
    if unknown:
        raise InvalidParameter(unknown[0], "unknown query parameter")
    check_no_nul(params)
    get = params.get
    bbox_crs = parse_crs(get("bbox-crs"), field="bbox-crs")
    if "bbox-crs" in params and "bbox" not in params:
        raise InvalidParameter("bbox-crs", "given without bbox")
    interval = None
    if get("datetime"):
        if spec.time_field is None:
            raise InvalidParameter("datetime", f"collection '{spec.id}' has no time property")
        interval = parse_datetime(get("datetime", ""))
    filter_crs = parse_crs(get("filter-crs"), field="filter-crs")
    tree = parse_filter(get("filter", ""), lang=get("filter-lang")) if get("filter") else None
    if tree is not None:  # names, operators and literals checked before any SQL runs
        compile_filter(spec, tree, Params(), filter_crs=filter_crs)
    return FeatureQuery(
        limit=parse_int(get("limit", str(default_limit)), "limit", low=1, high=max_limit),
        offset=parse_int(get("offset", "0"), "offset", low=0, high=MAX_OFFSET),
        bbox=parse_bbox(get("bbox", ""), bbox_crs) if get("bbox") else None,
        bbox_crs=bbox_crs,
        interval=interval,
        equals=tuple(
            (k, coerce(spec.property(k), v)) for k, v in params.items() if k in spec.property_names
        ),
        filter=tree,
        filter_crs=filter_crs,
        sortby=parse_sortby(get("sortby", ""), spec) if get("sortby") else (),
        properties=parse_properties(get("properties", ""), spec)
        if "properties" in params
        else None,
        skip_geometry=parse_bool(get("skipGeometry", "false"), "skipGeometry"),
        crs=parse_crs(get("crs")),
    )
