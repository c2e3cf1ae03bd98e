"""Query parameters of OGC API – Coverages requests, checked before pygeoapi's rasterio
provider sees them (it answers a bbox or subset that misses the raster, a box with no
area, or a CRS URI, with a 500)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from layers.ogc.crs import Box, parse_crs
from layers.ogc.params import parse_bbox
from models.errors import InvalidParameter

#: One axis of ``subset``: ``x(320750:320900)``.
AXIS = re.compile(r"\s*(\w+)\s*\(\s*([^:()]+?)\s*:\s*([^:()]+?)\s*\)\s*")
#: Axis names of a projected raster's x and y.
X_AXES, Y_AXES = {"x", "e", "easting", "lon", "long"}, {"y", "n", "northing", "lat"}


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share an area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def parse_subset(value: str) -> dict[str, tuple[float, float]]:
    """``subset=x(a:b),y(c:d)`` as ``{"x": (a, b), "y": (c, d)}``; 400 naming ``subset``."""
    axes: dict[str, tuple[float, float]] = {}
    rest = value
    while rest:
        match = AXIS.match(rest)
        if match is None:
            raise InvalidParameter("subset", f"'{value}' is not of the form x(min:max),y(min:max)")
        name = match.group(1).lower()
        try:
            low, high = float(match.group(2)), float(match.group(3))
        except ValueError:
            raise InvalidParameter("subset", f"axis '{name}' needs two numbers") from None
        if not low < high:
            raise InvalidParameter(
                "subset", f"axis '{name}': the minimum must be below the maximum"
            )
        axis = "x" if name in X_AXES else "y" if name in Y_AXES else None
        if axis is None or axis in axes:
            raise InvalidParameter("subset", f"axis '{name}' is not x or y, or is given twice")
        axes[axis] = (low, high)
        rest = rest[match.end() :]
        if rest.startswith(","):
            rest = rest[1:]
        elif rest:
            raise InvalidParameter("subset", f"'{value}': separate the axes with a comma")
    return axes


def check_coverage_query(params: Mapping[str, str], *, extent: Box, native: Box) -> None:
    """Refuse what pygeoapi's rasterio provider would fail on: ``extent`` is the raster's
    CRS84 box, ``native`` its box in its own CRS (where ``subset`` is read)."""
    if params.get("bbox"):
        crs = parse_crs(params.get("bbox-crs"), field="bbox-crs")
        if crs.srid != 4326:
            raise InvalidParameter(
                "bbox-crs",
                "a coverage's bbox is read in CRS84; use subset=x(…),y(…) in its own CRS",
            )
        box = parse_bbox(params["bbox"], crs)
        if box[0] == box[2] or box[1] == box[3]:
            raise InvalidParameter("bbox", "has no area")
        if not overlaps(box, extent):
            raise InvalidParameter("bbox", f"does not meet the coverage's extent {list(extent)}")
    if params.get("subset"):
        axes = parse_subset(params["subset"])
        x = axes.get("x", (native[0], native[2]))
        y = axes.get("y", (native[1], native[3]))
        if not overlaps((x[0], y[0], x[1], y[1]), native):
            raise InvalidParameter(
                "subset", f"does not meet the coverage's extent {[round(v, 2) for v in native]}"
            )
