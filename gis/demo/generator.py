"""``generate_demo``: the whole synthetic town, layer by layer, in EPSG:2100.

Every generator works in the local frame of :mod:`gis.demo.placement`; this module
calls them in dependency order (streets before sidewalks, green spaces before the
buildings that must avoid them, bus stops before the bays and trees that keep clear of
them) and moves every geometry into the storage CRS once, at the end.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from gis.demo import buildings as buildings_mod
from gis.demo import (
    commerce,
    footways,
    green,
    hazards,
    parking,
    streets,
    town,
    transit,
    trees,
    water,
)
from gis.demo.blocks import allocate
from gis.demo.placement import to_storage

Records = dict[str, list[dict[str, Any]]]


def generate_demo(seed: int = 0) -> Records:
    """The demo town: layer id → records (model columns; ``geom`` in EPSG:2100).

    Deterministic: the same seed gives the same records, value for value. Parking bays
    refer to their zone with :class:`layers.db.bulk.RecordRef`. Pure: no I/O.

    Examples
    --------
    >>> town = generate_demo(seed=0)
    >>> sorted(town)[:3]
    ['boundaries', 'buildings', 'businesses']
    >>> town["buildings"][0]["geom"].geom_type
    'MultiPolygon'
    """
    plan = town.town_plan(seed)
    network = streets.street_network(plan, seed)
    blocks = allocate(plan, seed)
    sidewalks = footways.sidewalk_lines(network)
    links = footways.crossing_links(network, sidewalks)
    crossings = footways.crossing_records(network, links, seed)
    bands = green.road_bands(network)
    green_areas = green.green_area_records(plan, network, blocks, bands)
    car_parks = [z.area for z in parking.ZONES if z.zone_type is parking.ZoneType.FREE]
    obstacles = shapely.union_all(
        [bands, plan.stream.buffer(town.STREAM_CORRIDOR), *car_parks]
        + [g["geom"] for g in green_areas]
    )
    built = buildings_mod.buildings(plan, network, blocks, obstacles, seed)
    areas = town.neighbourhood_areas(plan, seed)
    residents = buildings_mod.populations([geom for _, geom in areas], built)
    stops = transit.stop_sites(network)
    stop_points = [s.point for s in stops]
    layers: Records = {
        "boundaries": town.boundary_records(plan, sum(residents)),
        "neighbourhoods": town.neighbourhood_records(areas, residents),
        "roads": streets.road_records(network),
        "buildings": [b.record for b in built],
        "parking_zones": parking.zone_records(),
        "parking_bays": parking.bay_records(
            network, avoid=stop_points, excluded_streets=commerce.market_streets(), seed=seed
        ),
        "transit_stops": transit.stop_records(stops, seed),
        "footways": footways.footway_records(plan, network, sidewalks, crossings, links, seed),
        "crossings": crossings,
        "barrier_reports": footways.barrier_records(),
        "trees": trees.tree_records(network, sidewalks, green_areas, avoid=stop_points, seed=seed),
        "green_areas": green_areas,
        "flood_zones": hazards.flood_zone_records(plan, seed),
        "waterways": water.waterway_records(plan),
        "markets": commerce.market_records(network),
        "street_closures": [],  # made per market day from the layout (gis/commerce/closures)
        "market_stalls": commerce.stall_records(network, seed),
        "businesses": commerce.business_records(network, built, sidewalks, seed),
        "sensor_readings": [],  # kept from the demo stations' observations (gis/demo/sensors.py)
    }
    layers |= green.urban_green_records(layers)
    return {layer: _stored(records) for layer, records in layers.items()}


def _stored(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of ``records`` with their geometry in EPSG:2100, of the same type."""
    geoms = np.empty(len(records), dtype=object)
    geoms[:] = [rec["geom"] for rec in records]
    moved = to_storage(geoms)
    out = []
    for record, geom in zip(records, moved, strict=True):
        if isinstance(record["geom"], MultiPolygon) and isinstance(geom, Polygon):
            geom = MultiPolygon([geom])
        out.append({**record, "geom": geom})
    return out
