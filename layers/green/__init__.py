"""Domain `green`: Urban green and public spaces: trees, green areas, public-space assets,
tree inspections (staff only) and the planting priority per neighbourhood."""

from __future__ import annotations

from layers.green import osm
from layers.registry.spec import EVERYONE, Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from models import GreenArea, PlantingPriority, PublicAsset, Tree, TreeInspection
from models.auth import Role

#: The crews' routes run on the street graph of ``gis.core``.
DEPENDS = ("core",)

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="trees",
        model=Tree,
        title=Text("Δέντρα", "Trees"),
        description=Text(
            "Απογραφή δέντρων: είδος, διάμετρος, ύψος, κατάσταση, ημερομηνία φύτευσης.",
            "Tree inventory: species, trunk diameter, height, condition, planting date.",
        ),
        keywords=keywords(("πράσινο", "urban green"), ("δέντρα", "trees")),
        audiences=frozenset({Audience.CITIZENS, Audience.FIELD, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.GREEN}),
        style=Style(color="#2e7d32", fill="#66bb6a", radius=4),
        tiles=True,
        tile_min_zoom=14,
        time_field="planted",
        title_field="species_el",
        osm=OsmRule(elements=frozenset({"node"}), attributes=osm.tree_attributes),
    ),
    LayerSpec(
        id="green_areas",
        model=GreenArea,
        title=Text("Χώροι πρασίνου", "Green areas"),
        description=Text(
            "Πάρκα, πλατείες, παιδικές χαρές και νησίδες πρασίνου.",
            "Parks, squares, playgrounds and green verges.",
        ),
        keywords=keywords(("πράσινο", "urban green"), ("πάρκα", "parks")),
        audiences=EVERYONE,
        editable=True,
        edit_roles=frozenset({Role.GREEN}),
        style=Style(color="#388e3c", fill="#a5d6a7", weight=1.0, fill_opacity=0.6),
        title_field="name_el",
        basemap=True,
        osm=OsmRule(elements=frozenset({"area"}), attributes=osm.green_attributes),
    ),
    LayerSpec(
        id="green_assets",
        model=PublicAsset,
        title=Text("Εξοπλισμός κοινόχρηστων χώρων", "Public-space assets"),
        description=Text(
            "Παγκάκια, παιδικές χαρές, βρύσες, κάδοι και άλλος εξοπλισμός κοινόχρηστων χώρων.",
            "Benches, playgrounds, fountains, bins and other public-space equipment.",
        ),
        keywords=keywords(("πράσινο", "urban green"), ("εξοπλισμός", "street furniture")),
        audiences=frozenset({Audience.FIELD, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.GREEN}),
        style=Style(color="#6d4c41", fill="#a1887f", radius=4),
        title_field="kind",
    ),
    LayerSpec(
        id="tree_inspections",
        model=TreeInspection,
        title=Text("Επιθεωρήσεις δέντρων", "Tree inspections"),
        description=Text(
            "Επιθεωρήσεις δέντρων από τα συνεργεία: κατάσταση, επικινδυνότητα, θέση επιθεωρητή.",
            "Tree inspections by the crews: condition, risk rating, inspector's position.",
        ),
        keywords=keywords(("πράσινο", "urban green"), ("επιθεωρήσεις", "inspections")),
        editable=True,
        read_roles=frozenset({Role.GREEN}),
        edit_roles=frozenset({Role.GREEN}),
        time_field="inspected_on",
        title_field="inspected_on",
    ),
    LayerSpec(
        id="green_planting_priority",
        model=PlantingPriority,
        title=Text("Προτεραιότητα φύτευσης", "Planting priority"),
        description=Text(
            "Ανά γειτονιά: κάλυψη κόμης δέντρων, έκθεση σε πλημμύρα και θερμότητα, "
            "προτεραιότητα φύτευσης και οφέλη των δέντρων (άνθρακας, όμβρια, ρύποι).",
            "Per neighbourhood: tree canopy cover, flood and heat exposure, planting priority "
            "and the trees' benefits (carbon, stormwater, air pollution).",
        ),
        keywords=keywords(("πράσινο", "urban green"), ("φύτευση", "planting")),
        audiences=frozenset({Audience.STAFF}),
        style=Style(color="#e65100", fill="#ffb74d", weight=1.0, fill_opacity=0.5),
        title_field="name_el",
        default_visible=False,
    ),
)
