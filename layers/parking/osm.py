"""OpenStreetMap tags → attributes of the ``parking`` layers: zones and bays.

Pure functions, declared as each layer's :class:`~layers.registry.OsmRule`.
"""

from __future__ import annotations

from layers.imports.osm_values import Attributes, Tags, names, yes_no
from models.enums import BayType, ZoneType


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
