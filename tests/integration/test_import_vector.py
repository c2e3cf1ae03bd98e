"""Boundary and layer imports into a real PostGIS: real files, bad files, nothing half-written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import psycopg
import pytest
from shapely.geometry import Point, Polygon

from gis.importers.jobs import import_boundary, import_layer
from layers.db.bulk import layer_counts
from layers.registry import default_registry
from models.errors import InvalidInput

REGISTRY = default_registry()
#: Karditsa's central square, Greek Grid.
CENTRE = Point(21.922, 39.365)


def snapshot(conn: psycopg.Connection) -> tuple[dict[str, int], int]:
    keys = conn.execute("SELECT count(*) FROM feature_keys").fetchone()
    return layer_counts(conn, REGISTRY), int(keys[0]) if keys else 0


def test_municipality_boundary_from_the_real_file(
    import_conn: psycopg.Connection, shared_dir: Path
) -> None:
    path = shared_dir / "data/boundaries/karditsa_municipality_9092.geojson"
    report = import_boundary(import_conn, REGISTRY, path, kind="municipality")
    assert report.changes["boundaries"].inserted == 1
    area, kind = import_conn.execute("SELECT ST_Area(geom) / 1e6, kind FROM boundaries").fetchone()  # type: ignore[misc]
    assert area == pytest.approx(651.8, rel=0.01)
    assert kind == "municipality"
    inside = import_conn.execute(
        "SELECT ST_Contains(geom, ST_Transform(ST_SetSRID(ST_MakePoint(21.922, 39.365), 4326),"
        " 2100)) FROM boundaries"
    ).fetchone()
    assert inside == (True,)
    again = import_boundary(import_conn, REGISTRY, path, kind="municipality")
    assert (again.changes["boundaries"].inserted, again.changes["boundaries"].unchanged) == (0, 1)
    assert layer_counts(import_conn, REGISTRY)["boundaries"] == 1


def test_regional_unit_municipalities_keep_greek_names_and_codes(
    import_conn: psycopg.Connection, shared_dir: Path
) -> None:
    path = shared_dir / "data/boundaries/karditsa_regional_unit_municipalities.geojson"
    report = import_boundary(import_conn, REGISTRY, path, kind="municipality")
    assert report.changes["boundaries"].inserted == 6
    rows = dict(import_conn.execute("SELECT code, name_el FROM boundaries").fetchall())
    assert set(rows) == {str(code) for code in range(9091, 9097)}
    assert rows["9092"].startswith("Καρδίτσ")


def write(frame: gpd.GeoDataFrame, path: Path, **kwargs: Any) -> Path:
    frame.to_file(path, **kwargs)
    return path


def trees(n: int = 3, **columns: list[Any]) -> gpd.GeoDataFrame:
    data = {"species": ["Platanus orientalis"] * n, "height": [8.5] * n, **columns}
    points = [Point(21.922 + i * 1e-4, 39.365) for i in range(n)]
    return gpd.GeoDataFrame(data, geometry=points, crs=4326)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".shp"])
def test_layer_from_vector_formats_with_mapping(
    import_conn: psycopg.Connection, tmp_path: Path, suffix: str
) -> None:
    path = write(trees(), tmp_path / f"trees{suffix}")
    report = import_layer(import_conn, REGISTRY, "trees", path, mapping=["height=height_m"])
    assert report.changes["trees"].inserted == 3
    row = import_conn.execute(
        "SELECT species, height_m, ST_X(geom) BETWEEN 320000 AND 330000 FROM trees LIMIT 1"
    ).fetchone()
    assert row == ("Platanus orientalis", 8.5, True)


def test_csv_with_coordinates_in_the_greek_grid(
    import_conn: psycopg.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "stops.csv"
    path.write_text(
        "code,name_el,easting,northing,shelter\nK1,Πλατεία,370500,4358000,ναι\n"
        "K2,Σταθμός,370900,4358300,no\n",
        encoding="utf-8",
    )
    import_layer(import_conn, REGISTRY, "transit_stops", path, crs="EPSG:2100")
    rows = import_conn.execute(
        "SELECT code, name_el, shelter, ST_X(geom) FROM transit_stops ORDER BY code"
    ).fetchall()
    assert rows == [("K1", "Πλατεία", True, 370500.0), ("K2", "Σταθμός", False, 370900.0)]


def test_csv_in_greek_windows_encoding_needs_the_encoding(
    import_conn: psycopg.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "stops.csv"
    path.write_bytes("name_el,lon,lat\nΑγορά,21.922,39.365\n".encode("cp1253"))
    with pytest.raises(InvalidInput, match=r"stops.csv', line 2: byte 0x.. is not valid utf-8"):
        import_layer(import_conn, REGISTRY, "transit_stops", path, crs="EPSG:4326")
    import_layer(import_conn, REGISTRY, "transit_stops", path, crs="EPSG:4326", encoding="cp1253")
    assert import_conn.execute("SELECT name_el FROM transit_stops").fetchone() == ("Αγορά",)


def _no_crs(tmp: Path) -> Path:
    path = tmp / "trees.csv"
    path.write_text("species,x,y\nQuercus,370500,4358000\n", encoding="utf-8")
    return path


def _wrong_crs(tmp: Path) -> Path:  # Greek Grid metres in a GeoJSON that claims CRS84
    frame = trees().to_crs(2100).set_crs(4326, allow_override=True)
    return write(frame, tmp / "trees.geojson")


def _bowtie(tmp: Path) -> Path:
    good = Polygon([(21.92, 39.36), (21.921, 39.36), (21.921, 39.361), (21.92, 39.361)])
    bowtie = Polygon([(21.92, 39.36), (21.921, 39.361), (21.921, 39.36), (21.92, 39.361)])
    frame = gpd.GeoDataFrame({"kind": ["park", "square"]}, geometry=[good, bowtie], crs=4326)
    return write(frame, tmp / "parks.geojson")


def _empty(tmp: Path) -> Path:
    frame = trees(3)
    frame.loc[2, "geometry"] = Point()
    return write(frame, tmp / "trees.gpkg")


def _wrong_type(tmp: Path) -> Path:
    path = tmp / "buildings.csv"
    path.write_text(
        'floors,wkt\n2,"POLYGON((320000 4359000,320010 4359000,320010 4359010,320000 4359000))"\nthree,"POLYGON((320020 4359000,320030 4359000,320030 4359010,320020 4359000))"\n',
        encoding="utf-8",
    )
    return path


def _out_of_range(tmp: Path) -> Path:  # passes the types, refused by the database's CHECK
    path = tmp / "buildings.csv"
    path.write_text(
        'floors,wkt\n2,"POLYGON((320000 4359000,320010 4359000,320010 4359010,320000 4359000))"\n99,"POLYGON((320020 4359000,320030 4359000,320030 4359010,320020 4359000))"\n',
        encoding="utf-8",
    )
    return path


def _latin1_geojson(tmp: Path) -> Path:
    path = tmp / "trees.geojson"
    path.write_bytes(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"species":"Πλάτανος"},"geometry":{"type":"Point","coordinates":[21.9,39.3]}}]}'.encode(
            "iso-8859-7"
        )
    )
    return path


def _greek_shapefile(tmp: Path) -> Path:
    path = write(trees(2, name=["Πλάτανος", "Φλαμουριά"]), tmp / "greek.shp", encoding="cp1253")
    path.with_suffix(".cpg").unlink()  # as older desktop GIS wrote them
    return path


BAD: dict[str, tuple[str, Callable[[Path], Path], dict[str, Any], str]] = {
    "no CRS": ("trees", _no_crs, {}, r"trees.csv': the file declares no usable CRS"),
    "wrong CRS": ("trees", _wrong_crs, {}, r"trees.geojson', record 0: coordinates .* outside"),
    "invalid geometry": (
        "green_areas",
        _bowtie,
        {},
        r"parks.geojson': layer 'green_areas', record 1: invalid geometry \(Self-intersection",
    ),
    "empty geometry": ("trees", _empty, {}, r"trees.gpkg', record 2: empty or missing geometry"),
    "wrong type": (
        "buildings",
        _wrong_type,
        {"crs": "EPSG:2100"},
        r"buildings.csv', record 1, field 'floors': 'three' is not a valid integer",
    ),
    "database check": (
        "buildings",
        _out_of_range,
        {"crs": "EPSG:2100"},
        r"buildings.csv': layer 'buildings', record 1: must satisfy floors",
    ),
    "not UTF-8": ("trees", _latin1_geojson, {}, r"trees.geojson', line 1: byte 0x.. is not valid"),
    "Shapefile not UTF-8": (
        "trees",
        _greek_shapefile,
        {},
        r"greek.shp', record 0: attributes are not UTF-8 and the Shapefile has no .cpg",
    ),
    "unknown attribute": (
        "trees",
        lambda tmp: write(trees(), tmp / "t.geojson"),
        {"mapping": ["height=tallness"]},
        r"--map height=tallness: layer 'trees' has no attribute 'tallness'",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_files_change_nothing_and_name_record_and_problem(
    import_conn: psycopg.Connection, tmp_path: Path, case: str
) -> None:
    layer, make, options, message = BAD[case]
    import_layer(import_conn, REGISTRY, "trees", write(trees(2), tmp_path / "before.gpkg"))
    before = snapshot(import_conn)
    with pytest.raises(InvalidInput, match=message):
        import_layer(import_conn, REGISTRY, layer, make(tmp_path), **options)
    assert snapshot(import_conn) == before


def test_shapefile_with_the_encoding_given(import_conn: psycopg.Connection, tmp_path: Path) -> None:
    path = _greek_shapefile(tmp_path)
    import_layer(
        import_conn, REGISTRY, "trees", path, encoding="cp1253", mapping=["name=species_el"]
    )
    names = {r[0] for r in import_conn.execute("SELECT species_el FROM trees")}
    assert names == {"Πλάτανος", "Φλαμουριά"}


def test_replace_and_append(import_conn: psycopg.Connection, tmp_path: Path) -> None:
    path = write(trees(2), tmp_path / "t.geojson")
    import_layer(import_conn, REGISTRY, "trees", path)
    import_layer(import_conn, REGISTRY, "trees", path)
    assert layer_counts(import_conn, REGISTRY)["trees"] == 4
    report = import_layer(import_conn, REGISTRY, "trees", path, replace=True)
    assert (report.changes["trees"].inserted, report.changes["trees"].deleted) == (2, 4)
    assert layer_counts(import_conn, REGISTRY)["trees"] == 2
