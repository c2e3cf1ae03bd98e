"""Reading an OpenStreetMap extract (``.osm.pbf``, ``.osm``) into records per layer.

One pass with pyosmium: node locations are cached, multipolygons assembled, each object
is mapped by the :class:`~layers.registry.OsmRule` of every layer of the registry that
declares one (the tag mapping lives in the layer's domain, ``layers/<domain>/osm.py``), so
a new layer is imported with no edit here. Extracts cut at a bounding box reference
nodes they do not contain: such ways are skipped and counted, never half-drawn. Every
record keeps its OSM identity (``n``/``w``/``r`` + id) so that a re-import updates it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import shapely
from osmium.geom import WKBFactory
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from layers.registry import LayerSpec, OsmRule, Registry
from models.base import STORAGE_SRID
from models.errors import InvalidInput

#: Called as ``progress(objects_read)`` every :data:`PROGRESS_EVERY` objects.
ReadProgress = Callable[[int], None]
PROGRESS_EVERY = 10_000


@dataclass
class LayerExtract:
    """One layer's records from an extract, their OSM keys and what was skipped why."""

    records: list[dict[str, Any]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


#: A layer's attributes as its rule mapped them from an object's tags.
Attributes = dict[str, Any]


@dataclass(frozen=True)
class _Rules:
    """The registry's OSM rules by element kind, and the node tags ways need kept."""

    nodes: tuple[tuple[str, OsmRule], ...]
    ways: tuple[tuple[str, OsmRule], ...]
    areas: tuple[tuple[str, OsmRule], ...]
    end_keys: frozenset[str]

    @classmethod
    def of(cls, registry: Registry) -> _Rules:
        rules = [(spec.id, spec.osm) for spec in registry if spec.osm is not None]

        def taking(element: str) -> tuple[tuple[str, OsmRule], ...]:
            return tuple((layer, rule) for layer, rule in rules if element in rule.elements)

        ways = taking("way")
        end_keys = frozenset().union(*(rule.end_keys for _, rule in ways))
        return cls(taking("node"), ways, taking("area"), end_keys)


@dataclass
class _Pending:
    """Records in WGS84 before projection and checks."""

    attributes: list[Attributes] = field(default_factory=list)
    geoms: list[BaseGeometry] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    osm_ids: list[int] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def read_osm(
    path: str | Path,
    registry: Registry,
    *,
    clip: BaseGeometry | None = None,
    progress: ReadProgress | None = None,
) -> dict[str, LayerExtract]:
    """Records per layer from the OSM file ``path``, in EPSG:2100.

    Parameters
    ----------
    path:
        An OSM PBF or XML file.
    registry:
        The target layers: those with an OSM rule (``LayerSpec.osm``) are read, into
        their geometry types and columns.
    clip:
        Keep only features intersecting this area (EPSG:2100); others count as skipped.
    progress:
        Called with the number of OSM objects read so far.

    Raises
    ------
    InvalidInput
        The file cannot be read (missing, truncated, not OSM): names the file and the
        last object read.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"file '{path.name}': no such file", field="file")
    rules = _Rules.of(registry)
    pending = {spec.id: _Pending() for spec in registry if spec.osm is not None}
    _scan(path, rules, pending, progress)
    return {
        layer: _finish(registry.get(layer), work, clip=clip)
        for layer, work in sorted(pending.items())
    }


def _scan(
    path: Path, rules: _Rules, pending: dict[str, _Pending], progress: ReadProgress | None
) -> None:
    """Read every object once and route it to the layers it belongs to."""
    factory = WKBFactory()
    ends: dict[int, dict[str, str]] = {}  # tags of nodes that ways read at their ends
    count, last = 0, "none"
    try:
        for obj in osmium.FileProcessor(str(path)).with_locations().with_areas():
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
            if isinstance(obj, osmium.osm.Node):
                last = f"node {obj.id}"
                _node(obj, rules, pending, ends)
            elif isinstance(obj, osmium.osm.Way):
                last = f"way {obj.id}"
                _way(obj, rules, pending, ends)
            elif isinstance(obj, osmium.osm.Area):
                last = f"{'way' if obj.from_way() else 'relation'} {obj.orig_id()}"
                _area(obj, rules, pending, factory)
    except RuntimeError as exc:
        raise InvalidInput(
            f"file '{path.name}': not a readable OSM file ({exc}); last object read: {last}",
            field="file",
        ) from None
    if progress:
        progress(count)


def _node(
    obj: Any, rules: _Rules, pending: dict[str, _Pending], ends: dict[int, dict[str, str]]
) -> None:
    tags = dict(obj.tags)
    if not tags:
        return
    if not rules.end_keys.isdisjoint(tags):
        ends[obj.id] = {key: tags[key] for key in rules.end_keys if key in tags}
    for layer, rule in rules.nodes:
        attributes = rule.attributes(tags)
        if attributes is not None:
            loc = obj.location
            _add(pending[layer], attributes, shapely.Point(loc.lon, loc.lat), "n", obj.id)


def _way(
    obj: Any, rules: _Rules, pending: dict[str, _Pending], ends: dict[int, dict[str, str]]
) -> None:
    tags = dict(obj.tags)
    for layer, rule in rules.ways:
        attributes = rule.attributes(tags)
        if attributes is None:
            continue
        nodes = obj.nodes
        if not all(n.location.valid() for n in nodes):
            pending[layer].skipped["nodes missing from the extract"] += 1
            continue
        coords = [(n.location.lon, n.location.lat) for n in nodes]
        if rule.backwards is not None and rule.backwards(tags):
            coords.reverse()  # drawn against the feature's direction (a road's traffic)
        if rule.ends is not None:
            no_tags: dict[str, str] = {}
            first, last = ends.get(nodes[0].ref, no_tags), ends.get(nodes[-1].ref, no_tags)
            attributes.update(rule.ends(first, last))
        if len(set(coords)) < 2:
            pending[layer].skipped["degenerate geometry"] += 1
            continue
        _add(pending[layer], attributes, shapely.LineString(coords), "w", obj.id)
    if obj.is_closed() and rules.areas and not all(n.location.valid() for n in obj.nodes):
        # osmium cannot build the area, so it never reaches _area: count it here
        for layer, rule in rules.areas:
            if rule.attributes(tags) is not None:
                pending[layer].skipped["nodes missing from the extract"] += 1


def _area(obj: Any, rules: _Rules, pending: dict[str, _Pending], factory: WKBFactory) -> None:
    tags = dict(obj.tags)
    kind, osm_id = ("w", obj.orig_id()) if obj.from_way() else ("r", obj.orig_id())
    for layer, rule in rules.areas:
        attributes = rule.attributes(tags)
        if attributes is None:
            continue
        try:
            geom = shapely.from_wkb(factory.create_multipolygon(obj))
        except RuntimeError:
            pending[layer].skipped["broken multipolygon"] += 1
            continue
        _add(pending[layer], attributes, geom, kind, osm_id)


def _add(
    work: _Pending, attributes: Attributes, geom: BaseGeometry, kind: str, osm_id: int
) -> None:
    work.attributes.append(attributes)
    work.geoms.append(geom)
    work.keys.append(f"{kind}{osm_id}")
    work.osm_ids.append(-osm_id if kind == "r" else osm_id)  # osm2pgsql's convention


# ------------------------------------------------------------------ projection and checks
_TO_STORAGE = Transformer.from_crs(4326, STORAGE_SRID, always_xy=True)


def _project(geoms: np.ndarray) -> np.ndarray:
    def transform(coords: np.ndarray) -> np.ndarray:
        x, y = _TO_STORAGE.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, transform)


def _finish(spec: LayerSpec, work: _Pending, *, clip: BaseGeometry | None) -> LayerExtract:
    """Project, repair, shape to the layer's geometry type, clip, deduplicate."""
    out = LayerExtract(skipped=work.skipped)
    if not work.geoms:
        return out
    geoms = _project(np.array(work.geoms, dtype=object))
    inside = shapely.intersects(geoms, clip) if clip is not None else np.ones(len(geoms), bool)
    has_osm_id = "osm_id" in spec.table.c
    seen_ids: set[int] = set()
    unique = [c.name for c in spec.table.columns if c.unique and c.name not in ("id", "osm_id")]
    seen_values: dict[str, set[Any]] = {name: set() for name in unique}
    for index, geom in enumerate(geoms):
        if not inside[index]:
            out.skipped["outside the clip area"] += 1
            continue
        shaped = _shaped(spec, geom)
        if shaped is None:
            out.skipped["invalid geometry"] += 1
            continue
        record = _fitted(spec, work.attributes[index])
        if has_osm_id:
            osm_id = work.osm_ids[index]
            if osm_id in seen_ids:  # a node and a way with the same number, both shops
                out.skipped["OSM id shared with another object"] += 1
                continue
            seen_ids.add(osm_id)
            record["osm_id"] = osm_id
        for name in unique:  # e.g. a stop ``ref`` repeated: keep the first, blank the rest
            if record.get(name) is not None and record[name] in seen_values[name]:
                record[name] = None
            seen_values[name].add(record.get(name))
        record["geom"] = shaped
        out.records.append(record)
        out.keys.append(work.keys[index])
    return out


def _shaped(spec: LayerSpec, geom: BaseGeometry) -> BaseGeometry | None:
    """``geom`` as the layer's type: polygons repaired, the largest part for single
    polygons, a representative point for point layers; ``None`` if nothing is left."""
    target = spec.geometry_type
    if target == "Point" and geom.geom_type != "Point":
        geom = shapely.make_valid(geom).point_on_surface()
    if "Polygon" in target and not geom.is_valid:
        geom = shapely.make_valid(geom)
        parts = [
            g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")
        ]
        geom = shapely.union_all(parts) if parts else shapely.Polygon()
    if target == "Polygon" and geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    if geom.is_empty or not geom.is_valid:
        return None
    return geom


def _fitted(spec: LayerSpec, attributes: Attributes) -> dict[str, Any]:
    """Texts longer than their column are cut (OSM has no length limits; we do)."""
    out = dict(attributes)
    for name, value in attributes.items():
        length = getattr(spec.table.c[name].type, "length", None)
        if isinstance(value, str) and length and len(value) > length:
            out[name] = value[: length - 1] + "…"
    return out
