"""Domain `commerce`: City guide and street markets: businesses and market stalls."""

from __future__ import annotations

from layers.commerce import osm
from layers.registry.spec import Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from models import Business, MarketStall
from models.auth import Role

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="market_stalls",
        model=MarketStall,
        title=Text("Πάγκοι λαϊκών αγορών", "Market stalls"),
        description=Text(
            "Θέσεις πάγκων των λαϊκών αγορών ανά ημέρα και κατηγορία.",
            "Stall positions of the street markets by weekday and category.",
        ),
        keywords=keywords(("λαϊκή αγορά", "street market")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.MARKETS}),
        style=Style(color="#6d4c41", fill="#bcaaa4", weight=0.8, fill_opacity=0.7),
        title_field="market_name",
        default_visible=False,
    ),
    LayerSpec(
        id="businesses",
        model=Business,
        title=Text("Επιχειρήσεις", "Businesses"),
        description=Text(
            "Τοπικές επιχειρήσεις του οδηγού πόλης με κατηγορία, ωράριο και επικοινωνία.",
            "Local businesses of the city guide with category, opening hours and contact.",
        ),
        keywords=keywords(("οδηγός πόλης", "city guide"), ("καταστήματα", "shops")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.GIS_ADMIN}),
        style=Style(color="#c2185b", fill="#f06292", radius=5),
        title_field="name_el",
        searchable=True,
        osm=OsmRule(elements=frozenset({"node", "area"}), attributes=osm.business_attributes),
    ),
)
