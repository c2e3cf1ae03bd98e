"""Domain `core`: The town's base: administrative boundaries, neighbourhoods, roads, waterways and buildings."""

from __future__ import annotations

from layers.core import osm
from layers.registry.spec import EVERYONE, Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from models import Boundary, Building, Neighbourhood, Road, Waterway

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="boundaries",
        model=Boundary,
        title=Text("Διοικητικά όρια", "Administrative boundaries"),
        description=Text(
            "Όρια του Δήμου, των δημοτικών ενοτήτων και των κοινοτήτων (Καλλικράτης).",
            "Boundaries of the municipality, its municipal units and communities (Kallikratis).",
        ),
        keywords=keywords(("όρια", "boundaries"), ("δήμος", "municipality")),
        audiences=EVERYONE,
        style=Style(color="#444444", fill=None, weight=2.5, fill_opacity=0.0),
        title_field="name_el",
        basemap=True,
    ),
    LayerSpec(
        id="neighbourhoods",
        model=Neighbourhood,
        title=Text("Γειτονιές", "Neighbourhoods"),
        description=Text(
            "Γειτονιές της πόλης για στατιστικά και συμμετοχικό προϋπολογισμό.",
            "Neighbourhoods of the town, for statistics and participatory budgeting.",
        ),
        keywords=keywords(("γειτονιές", "neighbourhoods")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        style=Style(color="#7b5ea7", weight=1.5, fill_opacity=0.05),
        title_field="name_el",
        default_visible=False,
    ),
    LayerSpec(
        id="roads",
        model=Road,
        title=Text("Οδικό δίκτυο", "Roads"),
        description=Text(
            "Άξονες οδών με κατηγορία, μονοδρόμηση και όριο ταχύτητας.",
            "Road centre-lines with class, one-way flag and speed limit.",
        ),
        keywords=keywords(("οδοί", "roads"), ("δίκτυο", "network")),
        audiences=EVERYONE,
        style=Style(color="#9e9e9e", weight=2.0),
        tiles=True,
        tile_min_zoom=10,
        title_field="name_el",
        basemap=True,
        searchable=True,
        osm=OsmRule(
            elements=frozenset({"way"}),
            attributes=osm.road_attributes,
            backwards=osm.road_backwards,
        ),
    ),
    LayerSpec(
        id="waterways",
        model=Waterway,
        title=Text("Υδατορέματα", "Waterways"),
        description=Text(
            "Ποταμοί, ρέματα, διώρυγες και τάφροι: το νερό του υποβάθρου και το πλαίσιο "
            "των πλημμυρών.",
            "Rivers, streams, canals and drains: the basemap's water and the flood context.",
        ),
        keywords=keywords(("νερό", "water"), ("ρέμα", "stream")),
        audiences=EVERYONE,
        style=Style(color="#1e88e5", weight=3.0),
        title_field="name_el",
        basemap=True,
        osm=OsmRule(elements=frozenset({"way"}), attributes=osm.waterway_attributes),
    ),
    LayerSpec(
        id="buildings",
        model=Building,
        title=Text("Κτίρια", "Buildings"),
        description=Text(
            "Αποτυπώματα κτιρίων με χρήση, ορόφους και δημοτικά / σχολικά κτίρια.",
            "Building footprints with use, floors, and municipal / school flags.",
        ),
        keywords=keywords(("κτίρια", "buildings"), ("σχολεία", "schools")),
        audiences=EVERYONE,
        style=Style(color="#b0a18f", fill="#d9cbb8", weight=0.5, fill_opacity=0.7),
        tiles=True,
        tile_min_zoom=13,
        title_field="name",
        basemap=True,
        osm=OsmRule(elements=frozenset({"area"}), attributes=osm.building_attributes),
    ),
)
