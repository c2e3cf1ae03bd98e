"""Domain `parking`: Smart controlled parking: zones and bays."""

from __future__ import annotations

from layers.parking import osm
from layers.registry.spec import Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from models import ParkingBay, ParkingZone
from models.auth import Role

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="parking_zones",
        model=ParkingZone,
        title=Text("Ζώνες στάθμευσης", "Parking zones"),
        description=Text(
            "Ζώνες ελεγχόμενης στάθμευσης με χρέωση και μέγιστη διάρκεια.",
            "Controlled parking zones with tariff and maximum stay.",
        ),
        keywords=keywords(("στάθμευση", "parking")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.PARKING}),
        style=Style(color="#1565c0", weight=1.5, fill_opacity=0.1),
        title_field="name_el",
        osm=OsmRule(elements=frozenset({"area"}), attributes=osm.parking_lot_attributes),
    ),
    LayerSpec(
        id="parking_bays",
        model=ParkingBay,
        title=Text("Θέσεις στάθμευσης", "Parking bays"),
        description=Text(
            "Θέσεις στάθμευσης ανά τύπο: γενικές, ΑμεΑ, φορτοεκφόρτωσης, φόρτισης, κατοίκων.",
            "Parking bays by type: general, disabled, loading, EV charging, resident.",
        ),
        keywords=keywords(("στάθμευση", "parking"), ("ΑμεΑ", "accessible")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.PARKING}),
        private_fields=(("sensor_id", frozenset({Role.PARKING})),),
        style=Style(color="#1e88e5", fill="#64b5f6", weight=0.8, fill_opacity=0.6),
        tiles=True,
        tile_min_zoom=15,
        title_field="street",
        default_visible=False,
        osm=OsmRule(elements=frozenset({"area"}), attributes=osm.parking_bay_attributes),
    ),
)
