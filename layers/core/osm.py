"""OpenStreetMap tags → attributes of the ``core`` layers: roads, waterways, buildings.

Pure functions, declared as each layer's :class:`~layers.registry.OsmRule`.
"""

from __future__ import annotations

from layers.imports.osm_values import (
    Attributes,
    Tags,
    address,
    integer,
    names,
    number,
    surface,
    yes_no,
)
from models.enums import BuildingUse, RoadClass, WaterwayKind

ROAD_CLASSES = {c.value: c for c in RoadClass if c is not RoadClass.PEDESTRIAN}
#: OSM ``waterway=*`` values → our kinds (``riverbank`` and water areas are not lines).
WATERWAY_KINDS = {
    "river": WaterwayKind.RIVER,
    "stream": WaterwayKind.STREAM,
    "canal": WaterwayKind.CANAL,
    "drain": WaterwayKind.DRAIN,
    "ditch": WaterwayKind.DITCH,
}
BUILDING_USES: dict[str, BuildingUse] = {
    **dict.fromkeys(
        (
            "house",
            "residential",
            "apartments",
            "detached",
            "semidetached_house",
            "terrace",
            "bungalow",
            "dormitory",
        ),
        BuildingUse.RESIDENTIAL,
    ),
    **dict.fromkeys(("commercial", "retail", "office", "kiosk", "hotel"), BuildingUse.COMMERCIAL),
    **dict.fromkeys(("industrial", "warehouse", "manufacture"), BuildingUse.INDUSTRIAL),
    **dict.fromkeys(
        ("public", "civic", "government", "townhall", "fire_station"), BuildingUse.PUBLIC
    ),
    **dict.fromkeys(("school", "kindergarten", "university", "college"), BuildingUse.EDUCATION),
    **dict.fromkeys(("hospital", "clinic"), BuildingUse.HEALTH),
    **dict.fromkeys(
        ("church", "chapel", "cathedral", "mosque", "synagogue", "temple", "monastery"),
        BuildingUse.RELIGIOUS,
    ),
    **dict.fromkeys(("sports_hall", "stadium", "sports_centre", "grandstand"), BuildingUse.SPORTS),
}
SCHOOLS = {"school", "kindergarten"}


def road_attributes(tags: Tags) -> Attributes | None:
    """A ``roads`` record of a highway way (``*_link`` joins its parent class)."""
    highway = tags.get("highway", "").removesuffix("_link")
    road_class = ROAD_CLASSES.get(highway)
    if road_class is None or tags.get("area") == "yes":
        return None
    oneway = tags.get("oneway") in ("yes", "true", "1", "-1") or tags.get("junction") in (
        "roundabout",
        "circular",
    )
    return {
        **names(tags),
        "road_class": road_class,
        "oneway": oneway,
        "maxspeed": integer(tags.get("maxspeed"), low=5, high=130),
        "lanes": integer(tags.get("lanes"), low=1, high=8),
        "surface": surface(tags.get("surface")),
        "lit": yes_no(tags.get("lit")),
    }


def road_backwards(tags: Tags) -> bool:
    """Whether a road is drawn against its traffic (``oneway=-1``): stored reversed, so
    that every one-way road runs in its driving direction."""
    return tags.get("oneway") == "-1"


def waterway_attributes(tags: Tags) -> Attributes | None:
    """A ``waterways`` record of a ``waterway=river|stream|canal|drain|ditch`` way."""
    kind = WATERWAY_KINDS.get(tags.get("waterway", ""))
    if kind is None:
        return None
    return {
        **names(tags),
        "kind": kind,
        "intermittent": tags.get("intermittent") == "yes" or tags.get("seasonal") == "yes",
        "width_m": number(tags.get("width"), low=0.1, high=1999),
    }


def building_attributes(tags: Tags) -> Attributes | None:
    """A ``buildings`` record of a ``building=*`` area."""
    value = tags.get("building")
    if value is None or value == "no":
        return None
    amenity = tags.get("amenity", "")
    use = BUILDING_USES.get(value) or BUILDING_USES.get(amenity) or BuildingUse.OTHER
    start = tags.get("start_date", "")[:4]
    return {
        "name": tags.get("name"),
        "address": address(tags),
        "use": use,
        "floors": integer(tags.get("building:levels"), low=0, high=60),
        "height": number(tags.get("height"), low=0, high=250),
        "year_built": int(start) if start.isdigit() and 1000 <= int(start) <= 2100 else None,
        "is_municipal": value == "townhall" or amenity == "townhall",
        "is_school": value in SCHOOLS or amenity in SCHOOLS,
    }
