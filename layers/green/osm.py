"""OpenStreetMap tags → attributes of the ``green`` layers: trees and green areas.

Pure functions, declared as each layer's :class:`~layers.registry.OsmRule`.
"""

from __future__ import annotations

import math

from layers.imports.osm_values import Attributes, Tags, names, number
from models.enums import GreenKind

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
