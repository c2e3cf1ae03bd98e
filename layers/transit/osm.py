"""OpenStreetMap tags → attributes of the ``transit`` layers: bus stops.

Pure functions, declared as each layer's :class:`~layers.registry.OsmRule`.
"""

from __future__ import annotations

from layers.imports.osm_values import Attributes, Tags, names, wheelchair, yes_no


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
        "wheelchair_boarding": wheelchair(tags.get("wheelchair")),
    }
