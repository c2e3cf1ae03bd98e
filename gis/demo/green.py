"""Public green spaces: the central square, the park, riverside strips, squares, playgrounds,
a grove, the bypass verges and an allotment garden."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.affinity import scale
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from gis.demo import names
from gis.demo.blocks import Allocation
from gis.demo.streets import Network
from gis.demo.town import STREAM_CORRIDOR, TownPlan, as_multi
from models.enums import GreenKind
from models.green import AssetKind

MUNICIPAL = "Δήμος Καρδίτσας – Τμήμα Πρασίνου"
REGION = "Περιφέρεια Θεσσαλίας"


def road_bands(network: Network) -> BaseGeometry:
    """Everything between the building lines of every street (no building, no lawn)."""
    return shapely.union_all(
        [shapely.buffer(s.geom, s.profile.building_line) for s in network.segments]
    )


def green_area_records(
    plan: TownPlan, network: Network, blocks: Allocation, bands: BaseGeometry
) -> list[dict[str, Any]]:
    """Records of the green-areas layer (geometries never overlap the streets)."""
    out = [
        _area(names.SQUARE, GreenKind.SQUARE, plan.square.difference(bands), irrigated=True),
        _area(names.PARK, GreenKind.PARK, plan.park.difference(bands), irrigated=True),
    ]
    out += _riverside(plan, bands)
    squares = [
        ("Πλατεία Αγίου Δημητρίου", "Agios Dimitrios Square"),
        ("Πλατεία Ειρήνης", "Eirinis Square"),
    ]
    for name, cell in zip(squares, blocks.chosen["square"], strict=False):
        out.append(_area(name, GreenKind.SQUARE, box(*cell.interior(network)), irrigated=True))
    for cell in blocks.chosen["playground"]:
        (el1, en1), (el2, en2) = network.name_at("v", cell.v0), network.name_at("u", cell.u0)
        centre = cell.centre
        ground = box(centre.x - 11, centre.y - 7, centre.x + 11, centre.y + 7)
        out.append(
            _area(
                (f"Παιδική χαρά {el1} και {el2}", f"{en1} and {en2} playground"),
                GreenKind.PLAYGROUND,
                ground,
                irrigated=False,
            )
        )
    out.append(
        _area(
            ("Άλσος Αγίου Γεωργίου", "Agios Georgios Grove"),
            GreenKind.GROVE,
            _ellipse((-1190, 330), 110, 75).difference(bands),
            irrigated=False,
        )
    )
    out += _verges(plan, network)
    out.append(
        _area(
            ("Δημοτικός Λαχανόκηπος", "Municipal Allotment Garden"),
            GreenKind.GARDEN,
            box(600, 880, 760, 980).difference(bands),
            irrigated=True,
        )
    )
    return out


def _area(
    name: names.Name,
    kind: GreenKind,
    geom: BaseGeometry,
    *,
    irrigated: bool,
    managed_by: str = MUNICIPAL,
) -> dict[str, Any]:
    return {
        "name_el": name[0],
        "name_en": name[1],
        "kind": kind,
        "irrigated": irrigated,
        "managed_by": managed_by,
        "geom": as_multi(geom),
    }


def _ellipse(centre: tuple[float, float], a: float, b: float) -> Polygon:
    return scale(Point(centre).buffer(1.0, quad_segs=16), a, b)  # type: ignore[no-any-return]


def _riverside(plan: TownPlan, bands: BaseGeometry) -> list[dict[str, Any]]:
    """The stream's banks inside the ring, in three reaches (west, centre, east)."""
    banks = (
        plan.stream.buffer(STREAM_CORRIDOR)
        .intersection(plan.urban.buffer(-10))
        .difference(bands)
        .difference(plan.park)
    )
    parts = [p for p in shapely.get_parts(banks) if p.area > 50]
    reaches = (
        (("Όχθες Καράμπαλη – δυτικά", "Karampalis banks – west"), -2000, -350),
        (("Όχθες Καράμπαλη – κέντρο", "Karampalis banks – centre"), -350, 350),
        (("Όχθες Καράμπαλη – ανατολικά", "Karampalis banks – east"), 350, 2000),
    )
    out = []
    for name, lo, hi in reaches:
        mine = [p for p in parts if lo <= p.centroid.x < hi]
        if mine:
            out.append(_area(name, GreenKind.RIVERSIDE, shapely.union_all(mine), irrigated=False))
    return out


def _verges(plan: TownPlan, network: Network) -> list[dict[str, Any]]:
    """Planted strips along the bypass (south-east and north-west quarters)."""
    out = []
    quarters = (
        (("Νησίδες Περιφερειακής – νοτιοανατολικά", "Ring road verges – south-east"), 1, -1),
        (("Νησίδες Περιφερειακής – βορειοδυτικά", "Ring road verges – north-west"), -1, 1),
    )
    others = shapely.union_all(
        [
            shapely.buffer(s.geom, s.profile.building_line)
            for s in network.segments
            if s.line.key != "bypass" and s.geom.distance(plan.bypass) < 20
        ]
    )
    carriageway = plan.bypass.buffer(9)
    for name, su, sv in quarters:
        pieces = [
            s.geom
            for s in network.by_key("bypass")
            if s.geom.centroid.x * su > 0 and s.geom.centroid.y * sv > 0
        ]
        band = shapely.union_all(pieces).buffer(15, cap_style="flat").difference(carriageway)
        band = band.difference(others).intersection(plan.boundary)
        out.append(_area(name, GreenKind.VERGE, band, irrigated=False, managed_by=REGION))
    return out


#: Metres between benches along the paths of parks, squares and playgrounds.
BENCH_SPACING = 45.0
SEATED = (GreenKind.PARK, GreenKind.SQUARE, GreenKind.PLAYGROUND, GreenKind.GARDEN)


def asset_records(green_areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Public-space assets of the green areas (deterministic, no randomness): benches
    along a path 4 m inside the edge of parks, squares, playgrounds and gardens; the play
    equipment of every playground and a drinking fountain in every park and square."""
    out: list[dict[str, Any]] = []
    for area in green_areas:
        kind, geom = area["kind"], area["geom"]
        if kind not in SEATED:
            continue
        for part in shapely.get_parts(geom.buffer(-4.0)):
            ring = part.exterior
            steps = int(ring.length // BENCH_SPACING)
            out += [_asset("bench", ring.interpolate(i * BENCH_SPACING)) for i in range(steps)]
        inside = geom.representative_point()
        if kind is GreenKind.PLAYGROUND:
            out.append(_asset("playground", inside, area))
            out += [
                _asset("play_equipment", Point(inside.x + dx, inside.y + dy))
                for dx, dy in ((4.0, 0.0), (-4.0, 0.0), (0.0, 3.0))
                if geom.contains(Point(inside.x + dx, inside.y + dy))
            ]
        elif kind in (GreenKind.PARK, GreenKind.SQUARE):
            out.append(_asset("fountain", inside))
    return out


def _asset(kind: str, point: Point, area: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "kind": AssetKind(kind),
        "name_el": area["name_el"] if area else None,
        "name_en": area["name_en"] if area else None,
        "geom": point,
    }


def urban_green_records(layers: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The urban-green layers that follow from the town's green areas: the assets; no
    inspection records yet (the trees' ``last_inspected`` holds the last one) and an
    empty planting priority (computed from the loaded database by ``polis green plan``)."""
    return {
        "green_assets": asset_records(layers["green_areas"]),
        "tree_inspections": [],
        "green_planting_priority": [],
    }
