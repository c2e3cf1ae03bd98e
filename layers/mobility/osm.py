"""OpenStreetMap tags → attributes of the ``mobility`` layers: footways and crossings.

Pure functions, declared as each layer's :class:`~layers.registry.OsmRule`. A footway's
kerbs are read from its end nodes (:func:`footway_ends`), a crossing's from itself.
"""

from __future__ import annotations

from layers.imports.osm_values import (
    Attributes,
    Tags,
    incline,
    integer,
    leading_number,
    number,
    surface,
    wheelchair,
    yes_no,
)
from models.enums import CrossingType, FootwayType, KerbType, Smoothness

FOOTWAY_HIGHWAYS = {"footway", "path", "steps", "pedestrian"}
KERBS = {k.value: k for k in KerbType} | {"no": KerbType.NONE}
SIGNAL_REFS = {"pelican", "toucan", "puffin", "pegasus", "tiger"}
#: The node tags :func:`footway_ends` reads.
KERB_KEYS = frozenset({"kerb", "kerb:height"})
SMOOTHNESS = {s.value: s for s in Smoothness}


def kerb(tags: Tags) -> KerbType | None:
    """The ``kerb`` of a node (or a crossing)."""
    return KERBS.get(tags.get("kerb", "").strip().lower())


def kerb_height(tags: Tags) -> float | None:
    """``kerb:height`` in metres (``4 cm``, ``0.04``, ``40 mm``); a bare number above 1 is
    taken as centimetres, as mappers often write it."""
    found = leading_number(tags.get("kerb:height"))
    if found is None:
        return None
    value, unit = found[0], found[1].strip().lower()
    if unit == "cm" or (unit == "" and value > 1):
        value /= 100
    elif unit == "mm":
        value /= 1000
    return round(value, 3) if 0 <= value <= 1 else None


def smoothness(tags: Tags) -> Smoothness | None:
    """OSM ``smoothness``; unknown values → ``None``."""
    return SMOOTHNESS.get(tags.get("smoothness", "").strip().lower())


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
        "smoothness": smoothness(tags),
        "tactile_paving": yes_no(tags.get("tactile_paving")),
        "step_count": integer(tags.get("step_count"), low=0, high=10_000),
        "lit": yes_no(tags.get("lit")),
        "wheelchair": wheelchair(tags.get("wheelchair")),
    }


def footway_ends(first: Tags, last: Tags) -> Attributes:
    """A footway's kerbs from the tags of its first and last node."""
    return {
        "kerb_start": kerb(first),
        "kerb_end": kerb(last),
        "kerb_start_height": kerb_height(first),
        "kerb_end_height": kerb_height(last),
    }


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
    markings = tags.get("crossing:markings")
    return {
        "crossing_type": kind,
        "markings": None if markings is None else markings not in ("no", "none"),
        "kerb": kerb(tags),
        "kerb_height": kerb_height(tags),
        "tactile_paving": yes_no(tags.get("tactile_paving")),
        "traffic_signals_sound": _present(tags.get("traffic_signals:sound")),
        "traffic_signals_vibration": _present(tags.get("traffic_signals:vibration")),
        "button_operated": yes_no(tags.get("button_operated")),
        "island": yes_no(tags.get("crossing:island")),
        "lit": yes_no(tags.get("lit")),
    }


def _present(value: str | None) -> bool | None:
    """A feature tag such as ``traffic_signals:sound=walk`` (present) or ``=no``."""
    return None if value is None else value.strip().lower() not in ("no", "none")
