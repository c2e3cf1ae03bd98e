"""Import jobs: read a file, turn it into layer records, write them in one transaction.

Each job takes an open connection and leaves the database unchanged when anything goes
wrong; the :class:`~models.errors.InvalidInput` it raises names the file, the record
(feature / row / OSM id) and the problem. The result says, per layer, what changed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import shapely
from shapely.geometry.base import BaseGeometry

from gis.importers.attributes import parse_mapping, to_layer_records
from gis.importers.boundary import boundary_records
from gis.importers.dem import DemResult, build_dem
from gis.importers.gtfs import COLUMNS, Feed, read_gtfs
from gis.importers.osm import ReadProgress, read_osm
from gis.importers.vector import read_vector
from layers.db.bulk import Progress, load_records, record_sources
from layers.db.rasters import raster_transaction
from layers.imports import LayerChange, feature_count, sync_layer
from layers.imports.gtfs import replace_feed
from layers.registry import Registry
from models.base import STORAGE_SRID
from models.enums import WheelchairAccess
from models.errors import InvalidInput

OSM_SOURCE = "OpenStreetMap contributors"
OSM_LICENCE = "ODbL-1.0"
#: Called as ``step(layer_id)`` before each layer is written.
Step = Callable[[str], None]


@dataclass
class ImportReport:
    """What an import did: per layer counts, and why objects were skipped."""

    source: str
    changes: dict[str, LayerChange] = field(default_factory=dict)
    skipped_reasons: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@contextmanager
def in_file(path: Path) -> Iterator[None]:
    """Prefix errors that do not name the file with its name."""
    try:
        yield
    except InvalidInput as exc:
        if f"'{path.name}'" in exc.message:
            raise
        raise InvalidInput(f"file '{path.name}': {exc.message}", field=exc.field) from exc


_RECORD = re.compile(r"record (\d+)")
_OSM_TYPES = {"n": "node", "w": "way", "r": "relation"}


@contextmanager
def osm_object_named(keys: Sequence[str]) -> Iterator[None]:
    """Add the OSM object (``way 123``) to errors that name a record by its index."""
    try:
        yield
    except InvalidInput as exc:
        match = _RECORD.search(exc.message)
        if match is None or int(match.group(1)) >= len(keys):
            raise
        key = keys[int(match.group(1))]
        message = f"{exc.message} (OSM {_OSM_TYPES[key[0]]} {key[1:]})"
        raise InvalidInput(message, field=exc.field) from exc


def clip_area(path: str | Path, *, crs: str | None = None) -> BaseGeometry:
    """The union of the polygons of a boundary file, in EPSG:2100."""
    path = Path(path)
    frame = read_vector(path, crs=crs)
    geoms = frame.geometry.to_crs(epsg=STORAGE_SRID).to_numpy()
    area = shapely.union_all(shapely.make_valid(geoms))
    if area.is_empty or area.area == 0:
        raise InvalidInput(f"file '{path.name}': no polygon to clip with", field="clip")
    return area


def import_osm(
    conn: psycopg.Connection,
    registry: Registry,
    path: str | Path,
    *,
    clip: BaseGeometry | None = None,
    read_progress: ReadProgress | None = None,
    step: Step | None = None,
) -> ImportReport:
    """Import an OSM extract into every layer it feeds, updating by OSM id.

    Features imported from OSM before and absent from this extract are deleted;
    features from other sources (demo, hand edits) are left alone.
    """
    path = Path(path)
    with in_file(path):
        extracts = read_osm(path, registry, clip=clip, progress=read_progress)
        report = ImportReport(source=f"{OSM_SOURCE} ({path.name})")
        with conn.transaction():
            for layer, extract in extracts.items():
                if step:
                    step(layer)
                with osm_object_named(extract.keys):
                    change = sync_layer(
                        conn,
                        registry.get(layer),
                        extract.records,
                        extract.keys,
                        namespace="osm",
                        delete_missing=True,
                    )
                change.skipped = sum(extract.skipped.values())
                report.changes[layer] = change
                report.skipped_reasons[layer] = dict(extract.skipped)
            _provenance(conn, report, licence=OSM_LICENCE)
    return report


def import_boundary(
    conn: psycopg.Connection,
    registry: Registry,
    path: str | Path,
    *,
    kind: str,
    name_field: str | None = None,
    code_field: str | None = None,
    crs: str | None = None,
    encoding: str | None = None,
    licence: str | None = None,
) -> ImportReport:
    """Import administrative areas (or neighbourhoods); a re-import updates by code/name."""
    path = Path(path)
    with in_file(path):
        frame = read_vector(path, crs=crs, encoding=encoding)
        if frame.empty:
            raise InvalidInput(f"file '{path.name}': has no features", field="file")
        where = f"file '{path.name}'"
        found = boundary_records(
            registry, frame, where=where, kind=kind, name_field=name_field, code_field=code_field
        )
        report = ImportReport(source=path.name)
        with conn.transaction():
            change = sync_layer(
                conn,
                registry.get(found.layer),
                found.records,
                found.keys,
                namespace="boundary",
                delete_missing=False,
            )
            report.changes[found.layer] = change
            _provenance(conn, report, licence=licence)
    return report


def import_layer(
    conn: psycopg.Connection,
    registry: Registry,
    layer: str,
    path: str | Path,
    *,
    mapping: Sequence[str] | None = None,
    crs: str | None = None,
    encoding: str | None = None,
    source_layer: str | None = None,
    replace: bool = False,
    licence: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import any vector file into a registry layer (appended, or replacing its content)."""
    path = Path(path)
    spec = registry.get(layer)
    with in_file(path):
        frame = read_vector(path, crs=crs, layer=source_layer, encoding=encoding)
        if frame.empty:
            raise InvalidInput(f"file '{path.name}': has no features", field="file")
        converted = to_layer_records(
            spec, frame, where=f"file '{path.name}'", mapping=parse_mapping(list(mapping or []))
        )
        report = ImportReport(source=path.name)
        with conn.transaction():
            deleted = feature_count(conn, spec) if replace else 0
            load_records(
                conn,
                registry,
                {layer: converted.records},
                source=path.name,
                synthetic=False,
                licence=licence or "",
                replace=replace,
                progress=progress,
            )
        report.changes[layer] = LayerChange(inserted=len(converted.records), deleted=deleted)
        if converted.ignored:
            report.notes.append(
                f"αγνοήθηκαν / ignored columns: {', '.join(map(str, converted.ignored))}"
            )
    return report


def import_dem(
    conn: psycopg.Connection,
    store: Path,
    paths: Sequence[str | Path],
    *,
    area: BaseGeometry,
    margin: float = 1000.0,
    cell_size: float = 30.0,
    licence: str | None = None,
) -> DemResult:
    """Build the DEM and its slope (:func:`~gis.importers.dem.build_dem`) and store both
    in the database's raster store with their catalogue entries (``dem``, ``slope``).

    All-or-nothing: the files are built in the store's staging directory and moved into
    place in the transaction that registers them; on any error the store and the
    catalogue are as they were. The result names the stored files.

    Parameters
    ----------
    conn:
        A connection with no transaction open.
    store:
        The raster store of that database (``settings.raster_dir``).
    paths, area, margin, cell_size:
        As for :func:`~gis.importers.dem.build_dem`.
    licence:
        Licence of the source tiles, kept in the catalogue.
    """
    source = _source_of(paths)
    with raster_transaction(conn, store) as rasters:
        result = build_dem(
            paths, area=area, out_dir=rasters.staging, margin=margin, cell_size=cell_size
        )
        dem = rasters.add("dem", result.dem_path, source=source, licence=licence)
        slope = rasters.add("slope", result.slope_path, source=source, licence=licence)
    return dataclasses.replace(result, dem_path=store / dem.uri, slope_path=store / slope.uri)


def _source_of(paths: Sequence[str | Path], *, limit: int = 200) -> str:
    """The tiles' file names, shortened to ``first, …, last (n files)`` past ``limit``."""
    names = [Path(p).name for p in paths]
    joined = ", ".join(names)
    if len(joined) <= limit or len(names) < 3:
        return joined[:limit]
    return f"{names[0]}, …, {names[-1]} ({len(names)} files)"[:limit]


def _provenance(
    conn: psycopg.Connection,
    report: ImportReport,
    *,
    licence: str | None,
    layers: Sequence[str] | None = None,
) -> None:
    counts: Mapping[str, int] = {
        layer: c.inserted + c.updated + c.unchanged
        for layer, c in report.changes.items()
        if layers is None or layer in layers
    }
    record_sources(conn, counts, source=report.source, synthetic=False, licence=licence or "")


def import_gtfs(
    conn: psycopg.Connection, registry: Registry, path: str | Path, *, licence: str | None = None
) -> ImportReport:
    """Validate a GTFS feed, replace the stored feed, and update ``transit_stops`` from it.

    Bus stops (``location_type`` 0) become ``transit_stops`` features keyed by ``stop_id``;
    stops the previous feed had and this one has not are removed from the layer.
    """
    path = Path(path)
    with in_file(path):
        feed = read_gtfs(path)
        report = ImportReport(source=f"GTFS {path.name}")
        with conn.transaction():
            for table, (deleted, inserted) in replace_feed(conn, feed.tables, COLUMNS).items():
                report.changes[table] = LayerChange(inserted=inserted, deleted=deleted)
            records, keys = _stop_records(feed)
            if "transit_stops" in registry:
                report.changes["transit_stops"] = sync_layer(
                    conn,
                    registry.get("transit_stops"),
                    records,
                    keys,
                    namespace="gtfs",
                    delete_missing=True,
                )
                _provenance(conn, report, licence=licence, layers=("transit_stops",))
    return report


def _stop_records(feed: Feed) -> tuple[list[dict[str, Any]], list[str]]:
    """``transit_stops`` records of the feed's boarding stops."""
    wheelchair = {1: WheelchairAccess.YES, 2: WheelchairAccess.NO}
    records, keys = [], []
    for stop_id, code, name, location_type, _parent, access, geom in feed.tables["gtfs_stops"]:
        if location_type != 0:
            continue
        records.append(
            {
                "code": code or stop_id,
                "name_el": name,
                "wheelchair_boarding": wheelchair.get(access, WheelchairAccess.UNKNOWN),
                "geom": geom,
            }
        )
        keys.append(stop_id)
    return records, keys
