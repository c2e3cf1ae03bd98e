"""Coordinate reference systems Polis serves (OGC API – Features Part 2)."""

from __future__ import annotations

from dataclasses import dataclass

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
