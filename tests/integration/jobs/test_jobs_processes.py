"""The first real processes on the demo town, compared with values computed here
independently: zonal statistics from cell centres tested with shapely (not rasterio's
rasteriser), features within distance from shapely distances (not PostGIS)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import psycopg
import pytest
import rasterio
import shapely
from pyproj import Transformer

from api.settings import PolisSettings
from gis.jobs.catalogue import catalogue_for
from gis.jobs.spec import JobContext
from layers.db.rasters import raster_catalogue, raster_path
from layers.registry import Registry, registry_for
from models.auth import Role
from models.errors import Forbidden, InvalidParameter, Unauthorized

TO_2100 = Transformer.from_crs(4326, 2100, always_xy=True)


def run(settings: PolisSettings, process: str, inputs: dict[str, Any]) -> dict[str, Any]:
    spec = catalogue_for(settings)[process]
    return spec.execute(inputs, JobContext(settings))


def layer_geometries(settings: PolisSettings, table: str) -> dict[int, shapely.Geometry]:
    with psycopg.connect(settings.dsn) as conn:
        rows = conn.execute(f"SELECT id, ST_AsBinary(geom) FROM {table}").fetchall()  # noqa: S608
    return {row[0]: shapely.from_wkb(bytes(row[1])) for row in rows}


def reference_statistics(settings: PolisSettings, polygon: shapely.Geometry) -> np.ndarray:
    """The DEM values whose cell centre lies inside ``polygon`` (shapely's test)."""
    with psycopg.connect(settings.dsn) as conn:
        entry = raster_catalogue(conn)["dem"]
    with rasterio.open(raster_path(settings.raster_dir, entry.uri)) as src:
        data = src.read(1, masked=True)
        a, _, c, _, e, f = tuple(src.transform)[:6]
    rows, cols = np.indices(data.shape)
    x = c + (cols + 0.5) * a
    y = f + (rows + 0.5) * e
    inside = shapely.contains_xy(polygon, x, y) & ~np.ma.getmaskarray(data)
    return np.asarray(data[inside], float)


def test_zonal_statistics_of_elevation_per_neighbourhood(dem_settings: PolisSettings) -> None:
    result = run(
        dem_settings,
        "zonal-statistics",
        {
            "coverage": "dem",
            "zones": "neighbourhoods",
            "statistics": ["count", "min", "max", "mean", "median"],
        },
    )
    rows = result["statistics"]
    polygons = layer_geometries(dem_settings, "neighbourhoods")
    assert {row["id"] for row in rows} == set(polygons)
    assert all(row["title"] for row in rows)
    for row in rows:
        values = reference_statistics(dem_settings, polygons[row["id"]])
        assert values.size > 0
        assert row["count"] == values.size, row
        assert row["min"] == pytest.approx(values.min())
        assert row["max"] == pytest.approx(values.max())
        assert row["mean"] == pytest.approx(values.mean(), rel=1e-9)
        assert row["median"] == pytest.approx(np.median(values))


def test_zonal_all_touched_counts_more_cells(dem_settings: PolisSettings) -> None:
    centre = run(
        dem_settings,
        "zonal-statistics",
        {"coverage": "dem", "zones": "neighbourhoods", "statistics": ["count"]},
    )
    touched = run(
        dem_settings,
        "zonal-statistics",
        {
            "coverage": "dem",
            "zones": "neighbourhoods",
            "statistics": ["count"],
            "all_touched": True,
        },
    )
    pairs = zip(centre["statistics"], touched["statistics"], strict=True)
    assert all(t["count"] > c["count"] for c, t in pairs)


def test_features_within_distance_of_a_geometry(demo_settings: PolisSettings) -> None:
    trees = layer_geometries(demo_settings, "trees")
    some = next(iter(trees.values()))
    lon, lat = Transformer.from_crs(2100, 4326, always_xy=True).transform(some.x + 7, some.y - 3)
    result = run(
        demo_settings,
        "features-within-distance",
        {
            "layer": "trees",
            "distance": 120,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        },
    )
    features = result["features"]["features"]
    point = shapely.Point(*TO_2100.transform(lon, lat))
    expected = sorted(
        (round(geom.distance(point), 3), fid)
        for fid, geom in trees.items()
        if geom.distance(point) <= 120
    )
    assert len(expected) > 1
    got = [(f["properties"]["distance_m"], f["id"]) for f in features]
    assert [fid for _, fid in got] == [fid for _, fid in expected]
    assert [d for d, _ in got] == pytest.approx([d for d, _ in expected], abs=1e-3)
    assert all(f["geometry"]["type"] == "Point" for f in features)


def test_features_within_distance_of_another_layer(demo_settings: PolisSettings) -> None:
    trees = layer_geometries(demo_settings, "trees")
    waterways = shapely.union_all(list(layer_geometries(demo_settings, "waterways").values()))
    result = run(
        demo_settings,
        "features-within-distance",
        {"layer": "trees", "distance": 40, "near_layer": "waterways", "limit": 10_000},
    )
    got = {f["id"] for f in result["features"]["features"]}
    expected = {fid for fid, geom in trees.items() if geom.distance(waterways) <= 40}
    assert expected and got == expected


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        (
            {
                "layer": "trees",
                "distance": 0,
                "geometry": {"type": "Point", "coordinates": [21.9, 39.3]},
            },
            "distance",
        ),
        ({"layer": "trees", "distance": 10}, "geometry"),
        (
            {
                "layer": "trees",
                "distance": 10,
                "geometry": {"type": "Point", "coordinates": [500, 39]},
            },
            "geometry",
        ),
        (
            {"layer": "trees", "distance": 10, "geometry": {"type": "Blob", "coordinates": []}},
            "geometry",
        ),
        (
            {
                "layer": "trees",
                "distance": 10,
                "near_layer": "x",
                "geometry": {"type": "Point", "coordinates": [21.9, 39.3]},
            },
            "geometry",
        ),
    ],
)
def test_within_distance_bad_inputs(
    demo_settings: PolisSettings, inputs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidParameter) as caught:
        run(demo_settings, "features-within-distance", inputs)
    assert f"'{field}'" in caught.value.message


def test_sources_are_checked_before_a_job_is_queued(demo_settings: PolisSettings) -> None:
    registry = registry_for(demo_settings)
    catalogue = catalogue_for(demo_settings)
    zonal, within = catalogue["zonal-statistics"], catalogue["features-within-distance"]
    anyone = {"roles": frozenset[Role](), "signed_in": False}
    cases = [
        (zonal, {"coverage": "dem", "zones": "trees"}, "zones"),  # points, not polygons
        (zonal, {"coverage": "nope", "zones": "neighbourhoods"}, "coverage"),
        (zonal, {"coverage": "dem", "zones": "nope"}, "zones"),
        (within, {"layer": "trees", "distance": 5, "near_layer": "nope"}, "near_layer"),
    ]
    for spec, raw, field in cases:
        with pytest.raises(InvalidParameter) as caught:
            spec.check_sources(spec.parse_inputs(raw), registry, **anyone)  # type: ignore[arg-type]
        assert caught.value.field == field
    staff_only = Registry(
        [replace(layer, read_roles=frozenset({Role.GREEN})) for layer in registry],
        registry.rasters,
    )
    inputs = within.parse_inputs({"layer": "trees", "distance": 5, "near_layer": "roads"})
    with pytest.raises(Unauthorized):
        within.check_sources(inputs, staff_only, **anyone)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        within.check_sources(inputs, staff_only, roles=frozenset({Role.CITIZEN}), signed_in=True)
    within.check_sources(inputs, staff_only, roles=frozenset({Role.GREEN}), signed_in=True)


def test_large_coverages_are_read_window_by_window_alike(
    dem_settings: PolisSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = {"coverage": "dem", "zones": "neighbourhoods", "statistics": ["count", "mean"]}
    in_memory = run(dem_settings, "zonal-statistics", inputs)
    monkeypatch.setattr("gis.jobs.zonal.IN_MEMORY_CELLS", 0)
    assert run(dem_settings, "zonal-statistics", inputs) == in_memory
