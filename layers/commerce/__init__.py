"""Domain `commerce`: City guide and street markets: businesses, markets, stalls and the
streets closed on market days."""

from __future__ import annotations

from layers.commerce import osm
from layers.registry.spec import Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from models import Business, Market, MarketStall, StreetClosure
from models.auth import Role

#: Staff who review the guide's claims, changes and offers and run the markets.
GUIDE_STAFF_ROLES = frozenset({Role.MARKETS})
#: Closures are cut from ``roads``; stall fees are ``payments`` orders.
DEPENDS = ("core", "payments")
#: Derived by the database for search and "open now"; not part of the published record.
DERIVED = ("search_text", "search_key", "search_doc", "week_minutes", "holiday_minutes")

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="markets",
        model=Market,
        title=Text("Λαϊκές αγορές", "Street markets"),
        description=Text(
            "Οι λαϊκές αγορές με την ημέρα, τις ώρες, τους δρόμους και το τέλος ανά m².",
            "The street markets with their weekday, hours, streets and fee per m².",
        ),
        keywords=keywords(("λαϊκή αγορά", "street market")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF, Audience.FIELD}),
        editable=True,
        edit_roles=frozenset({Role.MARKETS}),
        style=Style(color="#8d6e63", weight=6, opacity=0.6),
        title_field="name_el",
        searchable=True,
        default_visible=False,
    ),
    LayerSpec(
        id="street_closures",
        model=StreetClosure,
        title=Text("Κλειστοί δρόμοι λαϊκών", "Market-day street closures"),
        description=Text(
            "Τμήματα δρόμων κλειστά για την κυκλοφορία τις ώρες της λαϊκής αγοράς.",
            "Street sections closed to traffic during market hours.",
        ),
        keywords=keywords(("κλειστοί δρόμοι", "road closures")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF, Audience.FIELD}),
        style=Style(color="#d32f2f", weight=5, opacity=0.8),
        time_field="valid_from",
        title_field="reason_el",
        default_visible=False,
    ),
    LayerSpec(
        id="market_stalls",
        model=MarketStall,
        title=Text("Πάγκοι λαϊκών αγορών", "Market stalls"),
        description=Text(
            "Θέσεις πάγκων των λαϊκών αγορών ανά ημέρα και κατηγορία.",
            "Stall positions of the street markets by weekday and category.",
        ),
        keywords=keywords(("λαϊκή αγορά", "street market")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF, Audience.FIELD}),
        editable=True,
        edit_roles=frozenset({Role.MARKETS}),
        style=Style(color="#6d4c41", fill="#bcaaa4", weight=0.8, fill_opacity=0.7),
        title_field="market_name",
        default_visible=False,
        private_fields=(("fee_status", frozenset({Role.MARKETS})),),
        labels=(("fee_status", Text("Τέλος πάγκου", "Stall fee")),),
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
        search_url="/guide/search",
        private_fields=(
            ("tax_number", frozenset({Role.MARKETS})),
            ("owner_id", frozenset({Role.MARKETS})),
            *((name, frozenset[Role]()) for name in DERIVED),
        ),
        osm=OsmRule(elements=frozenset({"node", "area"}), attributes=osm.business_attributes),
    ),
)
