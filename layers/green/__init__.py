"""Domain `green`: Urban green and public spaces: trees and green areas."""

from __future__ import annotations

from layers.green import osm
from layers.registry.spec import EVERYONE, Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from models import GreenArea, Tree
from models.auth import Role

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
)
