"""The municipality's area from its profile: a boundary file, the ``boundaries`` feature
with its Kallikratis code, or a box around its centre; an empty layer's extent is it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import psycopg
import pytest
import shapely
from pyproj import Transformer

from api.settings import PolisSettings
from layers.db.profile import load_profile
from layers.db.settings import DEFAULT_PROFILE
from layers.ogc.extents import CENTRE_MARGIN, layer_extent, municipality_bbox
from layers.registry import default_registry
from models.profile import MunicipalityProfile

DEFAULT = load_profile(DEFAULT_PROFILE)


def with_code(code: str) -> MunicipalityProfile:
    return DEFAULT.model_copy(update={"kallikratis_code": code})


def test_the_boundary_with_the_code_gives_the_box(
    demo_settings: PolisSettings, conn: psycopg.Connection
) -> None:
    row = conn.execute("SELECT ST_AsBinary(geom) FROM boundaries WHERE code = 'KAR'").fetchone()
    assert row is not None, "the demo town's municipality is coded KAR"
    to_crs84 = Transformer.from_crs(2100, 4326, always_xy=True)
    area = shapely.from_wkb(bytes(row[0]))
    expected = shapely.transform(area, lambda xy: np.column_stack(to_crs84.transform(*xy.T))).bounds
    assert municipality_bbox(conn, with_code("KAR")) == pytest.approx(expected, abs=2e-6)


def test_without_a_boundary_the_box_is_around_the_centre(
    demo_settings: PolisSettings, conn: psycopg.Connection
) -> None:
    lon, lat, d = DEFAULT.centre.lon, DEFAULT.centre.lat, CENTRE_MARGIN
    box = municipality_bbox(conn, with_code("NOWHERE"))
    assert box == pytest.approx((lon - d, lat - d, lon + d, lat + d))


def test_a_boundary_file_wins(
    demo_settings: PolisSettings, conn: psycopg.Connection, tmp_path: Path
) -> None:
    ring = [[21.7, 39.1], [22.05, 39.1], [22.05, 39.47], [21.7, 39.47], [21.7, 39.1]]
    path = tmp_path / "area.geojson"
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    profile = with_code("KAR").model_copy(update={"boundary": path})
    assert municipality_bbox(conn, profile) == (21.7, 39.1, 22.05, 39.47)


def test_an_empty_layer_takes_the_municipality_box(demo_settings: PolisSettings) -> None:
    spec = default_registry().get("waterways")
    empty = (21.0, 39.0, 22.0, 40.0)
    with psycopg.connect(demo_settings.dsn) as c:  # one transaction, rolled back
        assert layer_extent(c, spec, empty=empty).count > 0
        c.execute("DELETE FROM waterways")
        extent = layer_extent(c, spec, empty=empty)
        c.rollback()
    assert extent.bbox == empty and extent.count == 0
