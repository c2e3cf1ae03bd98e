"""CRS parameters (OGC API – Features Part 2)."""

from __future__ import annotations

import pytest

from layers.ogc.crs import CRS84, EPSG_URI, parse_crs, supported_uris
from models.errors import InvalidParameter


@pytest.mark.parametrize(
    ("value", "srid", "flip"),
    [
        (None, 4326, False),
        (CRS84, 4326, False),
        ("[OGC:CRS84]", 4326, False),
        (EPSG_URI.format(4326), 4326, True),
        ("EPSG:2100", 2100, False),
        ("[EPSG:3857]", 3857, False),
    ],
)
def test_supported(value: str | None, srid: int, flip: bool) -> None:
    crs = parse_crs(value)
    assert (crs.srid, crs.flip) == (srid, flip)


def test_unsupported_names_the_field_and_lists_alternatives() -> None:
    with pytest.raises(InvalidParameter) as err:
        parse_crs("EPSG:4258", field="bbox-crs")
    assert err.value.field == "bbox-crs"
    assert all(uri in err.value.message for uri in supported_uris())
