"""Domain `transit`: Public transport: the bus stops (GTFS tables are imported, not published as layers)."""

from __future__ import annotations

from layers.registry.spec import Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from layers.transit import osm
from models import TransitStop
from models.auth import Role

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="transit_stops",
        model=TransitStop,
        title=Text("Στάσεις λεωφορείων", "Bus stops"),
        description=Text(
            "Στάσεις αστικών λεωφορείων με στέγαστρο, πινακίδα και προσβασιμότητα.",
            "Town bus stops with shelter, display and accessibility.",
        ),
        keywords=keywords(("συγκοινωνίες", "public transport"), ("στάσεις", "stops")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.FLEET}),
        style=Style(color="#00897b", fill="#4db6ac", radius=6),
        title_field="name_el",
        searchable=True,
        osm=OsmRule(elements=frozenset({"node"}), attributes=osm.bus_stop_attributes),
    ),
)
