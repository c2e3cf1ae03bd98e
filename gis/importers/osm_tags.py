"""OpenStreetMap tags → Polis layer attributes (pure functions, no I/O).

Each ``*_attributes`` function takes an object's tags and returns the attributes of the
layer it belongs to, or ``None`` when the object is not one of that layer's. Tag values
OSM allows but our model cannot hold (``maxspeed=FI:urban``, a 300 m ``width``) become
``None`` rather than failing the import: OSM data is read as it is, not judged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from models.enums import (
    BayType,
    BuildingUse,
    BusinessCategory,
    CrossingType,
    FootwayType,
    GreenKind,
    KerbType,
    RoadClass,
    Surface,
    WaterwayKind,
    WheelchairAccess,
    ZoneType,
)

Tags = Mapping[str, str]
Attributes = dict[str, Any]

_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*([a-z°%\"']*)", re.IGNORECASE)

ROAD_CLASSES = {c.value: c for c in RoadClass if c is not RoadClass.PEDESTRIAN}
FOOTWAY_HIGHWAYS = {"footway", "path", "steps", "pedestrian"}
SURFACES: dict[str, Surface] = {
    "asphalt": Surface.ASPHALT,
    "concrete": Surface.CONCRETE,
    "paving_stones": Surface.PAVING_STONES,
    "sett": Surface.SETT,
    "cobblestone": Surface.SETT,
    "unhewn_cobblestone": Surface.SETT,
    "gravel": Surface.GRAVEL,
    "fine_gravel": Surface.GRAVEL,
    "pebblestone": Surface.GRAVEL,
    "compacted": Surface.COMPACTED,
    "dirt": Surface.DIRT,
    "earth": Surface.DIRT,
    "ground": Surface.DIRT,
    "mud": Surface.DIRT,
    "sand": Surface.DIRT,
    "grass": Surface.GRASS,
    "grass_paver": Surface.GRASS,
}
KERBS = {k.value: k for k in KerbType} | {"no": KerbType.NONE}
WHEELCHAIR = {
    "yes": WheelchairAccess.YES,
    "designated": WheelchairAccess.YES,
    "limited": WheelchairAccess.LIMITED,
    "no": WheelchairAccess.NO,
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
GREEN_KINDS: dict[tuple[str, str], GreenKind] = {
    ("leisure", "park"): GreenKind.PARK,
    ("leisure", "garden"): GreenKind.GARDEN,
    ("leisure", "playground"): GreenKind.PLAYGROUND,
    ("place", "square"): GreenKind.SQUARE,
    ("landuse", "village_green"): GreenKind.PARK,
    ("landuse", "forest"): GreenKind.GROVE,
    ("natural", "wood"): GreenKind.GROVE,
    ("landuse", "grass"): GreenKind.VERGE,
}
AMENITY_CATEGORIES = {
    "cafe": BusinessCategory.CAFE,
    "restaurant": BusinessCategory.RESTAURANT,
    "fast_food": BusinessCategory.RESTAURANT,
    "bar": BusinessCategory.CAFE,
    "pub": BusinessCategory.CAFE,
    "ice_cream": BusinessCategory.CAFE,
    "pharmacy": BusinessCategory.PHARMACY,
    "bank": BusinessCategory.BANK,
    "fuel": BusinessCategory.FUEL,
}
SHOP_CATEGORIES = {
    "bakery": BusinessCategory.BAKERY,
    "pastry": BusinessCategory.BAKERY,
    "supermarket": BusinessCategory.SUPERMARKET,
    "convenience": BusinessCategory.SUPERMARKET,
    "greengrocer": BusinessCategory.SUPERMARKET,
    "butcher": BusinessCategory.BUTCHER,
    "clothes": BusinessCategory.CLOTHING,
    "shoes": BusinessCategory.CLOTHING,
    "boutique": BusinessCategory.CLOTHING,
    "fashion": BusinessCategory.CLOTHING,
    "hardware": BusinessCategory.HARDWARE,
    "doityourself": BusinessCategory.HARDWARE,
    "books": BusinessCategory.BOOKSHOP,
    "stationery": BusinessCategory.BOOKSHOP,
    "kiosk": BusinessCategory.KIOSK,
    "newsagent": BusinessCategory.KIOSK,
}
HOTELS = {"hotel", "guest_house", "hostel", "motel"}
SIGNAL_REFS = {"pelican", "toucan", "puffin", "pegasus", "tiger"}


# ------------------------------------------------------------------ values
def yes_no(value: str | None) -> bool | None:
    """OSM ``yes``/``no`` (and ``true``/``1``…) as a boolean; anything else ``None``."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("yes", "true", "1", "designated"):
        return True
    if text in ("no", "false", "0"):
        return False
    return None


def leading_number(value: str | None) -> tuple[float, str] | None:
    """The leading number of a tag and the unit after it (``"1,5 m"`` → (1.5, "m"))."""
    match = _NUMBER.match(value) if value is not None else None
    if not match:
        return None
    return float(match.group(1).replace(",", ".")), match.group(2)


def number(value: str | None, *, low: float, high: float) -> float | None:
    """The leading number of ``value`` (``"1,5 m"`` → 1.5) when within [low, high]."""
    found = leading_number(value)
    if found is None:
        return None
    out, unit = found[0], found[1].lower()
    if unit == "mph":
        out *= 1.609344
    elif unit in ("ft", "'"):
        out *= 0.3048
    return out if low <= out <= high else None


def integer(value: str | None, *, low: int, high: int) -> int | None:
    """An integer tag within [low, high], else ``None``."""
    out = number(value, low=low, high=high)
    return round(out) if out is not None else None


def incline(value: str | None) -> float | None:
    """Incline in percent (``5%``, ``-3°``); ``up``/``down`` carry no figure → ``None``."""
    found = leading_number(value)
    if found is None:
        return None
    out = found[0]
    if found[1] == "°":
        out = math.tan(math.radians(out)) * 100
    return out if -100 <= out <= 100 else None


def surface(value: str | None) -> Surface | None:
    """Our surface class of an OSM ``surface`` (``concrete:plates`` → concrete)."""
    if value is None:
        return None
    base = value.split(":")[0].strip().lower()
    return SURFACES.get(base, Surface.OTHER)


def names(tags: Tags) -> Attributes:
    """Greek and Latin-script names: ``name:el``/``name`` and ``name:en``/``int_name``."""
    name = tags.get("name")
    latin = tags.get("name:en") or tags.get("int_name")
    if latin is None and name is not None and name.isascii():
        latin = name
    return {"name_el": tags.get("name:el") or name, "name_en": latin}


def address(tags: Tags) -> str | None:
    """``addr:street addr:housenumber, addr:city`` when there is a street."""
    street = tags.get("addr:street")
    if not street:
        return None
    number_ = tags.get("addr:housenumber")
    city = tags.get("addr:city")
    return f"{street} {number_}".strip() if number_ else street + (f", {city}" if city else "")


# ------------------------------------------------------------------ layers
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


def footway_attributes(tags: Tags) -> Attributes | None:
    """A ``footways`` record: footways, sidewalks, crossings, paths, steps, pedestrian streets."""
    highway = tags.get("highway")
    if highway not in FOOTWAY_HIGHWAYS or tags.get("area") == "yes":
        return None
    kind = {
        "steps": FootwayType.STEPS,
        "path": FootwayType.PATH,
        "pedestrian": FootwayType.PEDESTRIAN,
    }.get(highway, FootwayType.FOOTWAY)
    if highway == "footway" and tags.get("footway") == "sidewalk":
        kind = FootwayType.SIDEWALK
    elif highway == "footway" and tags.get("footway") == "crossing":
        kind = FootwayType.CROSSING
    return {
        "footway_type": kind,
        "incline": incline(tags.get("incline")),
        "width": number(tags.get("width"), low=0.01, high=50),
        "surface": surface(tags.get("surface")),
        "tactile_paving": yes_no(tags.get("tactile_paving")),
        "step_count": integer(tags.get("step_count"), low=0, high=10_000),
        "lit": yes_no(tags.get("lit")),
        "wheelchair": WHEELCHAIR.get(tags.get("wheelchair", ""), WheelchairAccess.UNKNOWN),
    }


def kerb(tags: Tags) -> KerbType | None:
    """The ``kerb`` of a node (or a crossing)."""
    return KERBS.get(tags.get("kerb", "").strip().lower())


def crossing_attributes(tags: Tags) -> Attributes | None:
    """A ``crossings`` record of a ``highway=crossing`` node.

    Without ``crossing=*`` the crossing is taken as marked, the common case in towns.
    """
    if tags.get("highway") != "crossing":
        return None
    value = tags.get("crossing", "")
    if value == "traffic_signals" or tags.get("crossing_ref") in SIGNAL_REFS:
        kind = CrossingType.TRAFFIC_SIGNALS
    elif tags.get("traffic_calming") == "table":
        kind = CrossingType.RAISED
    elif value in ("unmarked", "no") or tags.get("crossing:markings") == "no":
        kind = CrossingType.UNMARKED
    else:
        kind = CrossingType.MARKED
    sound = tags.get("traffic_signals:sound")
    return {
        "crossing_type": kind,
        "kerb": kerb(tags),
        "tactile_paving": yes_no(tags.get("tactile_paving")),
        "traffic_signals_sound": None if sound is None else sound not in ("no", "none"),
        "island": yes_no(tags.get("crossing:island")),
        "lit": yes_no(tags.get("lit")),
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


def tree_attributes(tags: Tags) -> Attributes | None:
    """A ``trees`` record of a ``natural=tree`` node (species ``unknown`` when untagged)."""
    if tags.get("natural") != "tree":
        return None
    circumference = number(tags.get("circumference"), low=0.01, high=15)
    dbh = circumference / math.pi * 100 if circumference else None
    return {
        "species": tags.get("species") or tags.get("taxon") or tags.get("genus") or "unknown",
        "species_el": tags.get("species:el"),
        "dbh_cm": dbh if dbh and dbh <= 500 else None,
        "height_m": number(tags.get("height"), low=0.1, high=80),
        "crown_m": number(tags.get("diameter_crown"), low=0.1, high=50),
    }


def green_attributes(tags: Tags) -> Attributes | None:
    """A ``green_areas`` record of a park, garden, playground, square, grove or grass area."""
    kind = next((k for (key, v), k in GREEN_KINDS.items() if tags.get(key) == v), None)
    if kind is None:
        return None
    return {**names(tags), "kind": kind, "managed_by": tags.get("operator")}


def parking_lot_attributes(tags: Tags) -> Attributes | None:
    """A ``parking_zones`` record of an ``amenity=parking`` area (paid → controlled)."""
    if tags.get("amenity") != "parking":
        return None
    if yes_no(tags.get("fee")):
        zone_type = ZoneType.CONTROLLED
    elif tags.get("access") in ("residents", "private"):
        zone_type = ZoneType.RESIDENT
    else:
        zone_type = ZoneType.FREE
    return {**names(tags), "zone_type": zone_type, "hours": tags.get("opening_hours")}


def parking_bay_attributes(tags: Tags) -> Attributes | None:
    """A ``parking_bays`` record of an ``amenity=parking_space`` area."""
    if tags.get("amenity") != "parking_space":
        return None
    space = tags.get("parking_space", "")
    if space == "disabled" or tags.get("wheelchair") == "designated":
        bay = BayType.DISABLED
    elif space == "charging":
        bay = BayType.EV
    elif space in ("loading", "delivery"):
        bay = BayType.LOADING
    elif space == "residents":
        bay = BayType.RESIDENT
    else:
        bay = BayType.GENERAL
    return {"bay_type": bay, "street": tags.get("addr:street")}


def bus_stop_attributes(tags: Tags) -> Attributes | None:
    """A ``transit_stops`` record of a bus stop node (``highway=bus_stop`` or a bus platform)."""
    platform = tags.get("public_transport") == "platform" and tags.get("bus") == "yes"
    if tags.get("highway") != "bus_stop" and not platform:
        return None
    return {
        **names(tags),
        "code": tags.get("ref"),
        "shelter": yes_no(tags.get("shelter")) is True,
        "bench": yes_no(tags.get("bench")) is True,
        "realtime_display": yes_no(tags.get("passenger_information_display")) is True,
        "wheelchair_boarding": WHEELCHAIR.get(tags.get("wheelchair", ""), WheelchairAccess.UNKNOWN),
    }


def business_attributes(tags: Tags) -> Attributes | None:
    """A ``businesses`` record of a shop, café, restaurant, pharmacy, bank, fuel or hotel."""
    category = AMENITY_CATEGORIES.get(tags.get("amenity", ""))
    if category is None and "shop" in tags:
        category = SHOP_CATEGORIES.get(tags["shop"], BusinessCategory.OTHER)
    if category is None and tags.get("tourism") in HOTELS:
        category = BusinessCategory.HOTEL
    if category is None:
        return None
    return {
        **names(tags),
        "category": category,
        "opening_hours": tags.get("opening_hours"),
        "phone": tags.get("phone") or tags.get("contact:phone"),
        "email": tags.get("email") or tags.get("contact:email"),
        "website": tags.get("website") or tags.get("contact:website"),
        "address": address(tags),
    }


#: OSM ``waterway=*`` values → our kinds (``riverbank`` and water areas are not lines).
WATERWAY_KINDS = {
    "river": WaterwayKind.RIVER,
    "stream": WaterwayKind.STREAM,
    "canal": WaterwayKind.CANAL,
    "drain": WaterwayKind.DRAIN,
    "ditch": WaterwayKind.DITCH,
}


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


#: Layer → attribute function, per kind of OSM geometry.
NODE_LAYERS = {
    "crossings": crossing_attributes,
    "trees": tree_attributes,
    "transit_stops": bus_stop_attributes,
    "businesses": business_attributes,
}
WAY_LAYERS = {
    "roads": road_attributes,
    "footways": footway_attributes,
    "waterways": waterway_attributes,
}
AREA_LAYERS = {
    "buildings": building_attributes,
    "green_areas": green_attributes,
    "parking_zones": parking_lot_attributes,
    "parking_bays": parking_bay_attributes,
    "businesses": business_attributes,
}
