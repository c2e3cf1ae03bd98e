"""Coordinate reference systems Polis serves (OGC API – Features Part 2)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyproj import CRS, Transformer

from models.errors import InvalidParameter

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{}"


@dataclass(frozen=True)
class OutputCRS:
    """A CRS as served: its URI, PostGIS SRID, axis flip and coordinate precision."""

    uri: str
    srid: int
    flip: bool  # EPSG:4326 is latitude, longitude
    digits: int


SUPPORTED: tuple[OutputCRS, ...] = (
    OutputCRS(CRS84, 4326, False, 7),
    OutputCRS(EPSG_URI.format(4326), 4326, True, 7),
    OutputCRS(EPSG_URI.format(2100), 2100, False, 2),
    OutputCRS(EPSG_URI.format(3857), 3857, False, 2),
)
_BY_URI = {c.uri: c for c in SUPPORTED}
DEFAULT = SUPPORTED[0]


def supported_uris() -> list[str]:
    """URIs of every CRS a collection can be served in."""
    return [c.uri for c in SUPPORTED]


def storage_uri(srid: int) -> str:
    """URI of a storage SRID."""
    return CRS84 if srid == 4326 else EPSG_URI.format(srid)


def parse_crs(value: str | None, *, field: str = "crs") -> OutputCRS:
    """The CRS named by URI ``value`` (CRS84 when absent); ``InvalidParameter`` otherwise.

    ``[EPSG:2100]``-style safe CURIEs and ``EPSG:2100`` are accepted as well.
    """
    if value is None or value == "":
        return DEFAULT
    key = value.strip()
    if key.startswith("[") and key.endswith("]"):
        key = key[1:-1]
    if key.upper().startswith("EPSG:"):
        key = EPSG_URI.format(key.split(":", 1)[1])
    elif key.upper() in ("OGC:CRS84", "CRS84"):
        key = CRS84
    found = _BY_URI.get(key)
    if found is None:
        raise InvalidParameter(
            field, f"unsupported CRS '{value}'; supported: {', '.join(supported_uris())}"
        )
    return found


Box = tuple[float, float, float, float]


@lru_cache(maxsize=64)
def area_of_use(storage_srid: int, srid: int) -> Box:
    """Where the storage CRS ``storage_srid`` is valid, in x/y coordinates of ``srid``.

    Outside its area of use a projection's transform gives nonsense (a world bbox in
    EPSG:2100 selects nothing), so bounding boxes are clamped to it and submitted
    coordinates checked against it.
    """
    area = CRS.from_epsg(storage_srid).area_of_use
    if area is None:  # a CRS without a declared area: the whole world
        west, south, east, north = -180.0, -90.0, 180.0, 90.0
    else:
        west, south, east, north = area.west, area.south, area.east, area.north
    if srid == 4326:
        return (west, south, east, north)
    if srid == 3857:
        south, north = max(south, -85.06), min(north, 85.06)
    transformer = Transformer.from_crs(4326, srid, always_xy=True)
    x0, y0, x1, y1 = transformer.transform_bounds(west, south, east, north, densify_pts=21)
    return (float(x0), float(y0), float(x1), float(y1))


def clamp_box(box: Box, *, srid: int, storage_srid: int) -> Box | None:
    """``box`` (x/y order, in ``srid``) cut to the storage CRS's area of use; None when
    the two do not meet (nothing stored can match)."""
    ax0, ay0, ax1, ay1 = area_of_use(storage_srid, srid)
    x0, y0, x1, y1 = max(box[0], ax0), max(box[1], ay0), min(box[2], ax1), min(box[3], ay1)
    if x0 > x1 or y0 > y1:
        return None
    return (x0, y0, x1, y1)
