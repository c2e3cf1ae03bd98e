"""Declarations of the core layers (foundation issue). Later layers add their own modules."""

from __future__ import annotations

from layers.registry import Audience, LayerSpec, Registry, Style
from layers.text import Text
from models import (
    Boundary,
    Building,
    Business,
    Crossing,
    FloodZone,
    Footway,
    GreenArea,
    MarketStall,
    Neighbourhood,
    ParkingBay,
    ParkingZone,
    Road,
    TransitStop,
    Tree,
    Waterway,
)
from models.auth import Role

A = Audience
R = Role
EVERYONE = frozenset({A.CITIZENS, A.CIVIL_PROTECTION, A.FIELD, A.STAFF})


def _kw(*pairs: tuple[str, str]) -> tuple[Text, ...]:
    return tuple(Text(el=el, en=en) for el, en in pairs)


CORE_LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="boundaries",
        model=Boundary,
        title=Text("Διοικητικά όρια", "Administrative boundaries"),
        description=Text(
            "Όρια του Δήμου, των δημοτικών ενοτήτων και των κοινοτήτων (Καλλικράτης).",
            "Boundaries of the municipality, its municipal units and communities (Kallikratis).",
        ),
        keywords=_kw(("όρια", "boundaries"), ("δήμος", "municipality")),
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
        keywords=_kw(("γειτονιές", "neighbourhoods")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
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
        keywords=_kw(("οδοί", "roads"), ("δίκτυο", "network")),
        audiences=EVERYONE,
        style=Style(color="#9e9e9e", weight=2.0),
        tiles=True,
        tile_min_zoom=10,
        title_field="name_el",
        basemap=True,
        searchable=True,
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
        keywords=_kw(("νερό", "water"), ("ρέμα", "stream")),
        audiences=EVERYONE,
        style=Style(color="#1e88e5", weight=3.0),
        title_field="name_el",
        basemap=True,
    ),
    LayerSpec(
        id="buildings",
        model=Building,
        title=Text("Κτίρια", "Buildings"),
        description=Text(
            "Αποτυπώματα κτιρίων με χρήση, ορόφους και δημοτικά / σχολικά κτίρια.",
            "Building footprints with use, floors, and municipal / school flags.",
        ),
        keywords=_kw(("κτίρια", "buildings"), ("σχολεία", "schools")),
        audiences=EVERYONE,
        style=Style(color="#b0a18f", fill="#d9cbb8", weight=0.5, fill_opacity=0.7),
        tiles=True,
        tile_min_zoom=13,
        title_field="name",
        basemap=True,
    ),
    LayerSpec(
        id="parking_zones",
        model=ParkingZone,
        title=Text("Ζώνες στάθμευσης", "Parking zones"),
        description=Text(
            "Ζώνες ελεγχόμενης στάθμευσης με χρέωση και μέγιστη διάρκεια.",
            "Controlled parking zones with tariff and maximum stay.",
        ),
        keywords=_kw(("στάθμευση", "parking")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.PARKING}),
        style=Style(color="#1565c0", weight=1.5, fill_opacity=0.1),
        title_field="name_el",
    ),
    LayerSpec(
        id="parking_bays",
        model=ParkingBay,
        title=Text("Θέσεις στάθμευσης", "Parking bays"),
        description=Text(
            "Θέσεις στάθμευσης ανά τύπο: γενικές, ΑμεΑ, φορτοεκφόρτωσης, φόρτισης, κατοίκων.",
            "Parking bays by type: general, disabled, loading, EV charging, resident.",
        ),
        keywords=_kw(("στάθμευση", "parking"), ("ΑμεΑ", "accessible")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.PARKING}),
        private_fields=(("sensor_id", frozenset({R.PARKING})),),
        style=Style(color="#1e88e5", fill="#64b5f6", weight=0.8, fill_opacity=0.6),
        tiles=True,
        tile_min_zoom=15,
        title_field="street",
        default_visible=False,
    ),
    LayerSpec(
        id="transit_stops",
        model=TransitStop,
        title=Text("Στάσεις λεωφορείων", "Bus stops"),
        description=Text(
            "Στάσεις αστικών λεωφορείων με στέγαστρο, πινακίδα και προσβασιμότητα.",
            "Town bus stops with shelter, display and accessibility.",
        ),
        keywords=_kw(("συγκοινωνίες", "public transport"), ("στάσεις", "stops")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.FLEET}),
        style=Style(color="#00897b", fill="#4db6ac", radius=6),
        title_field="name_el",
        searchable=True,
    ),
    LayerSpec(
        id="footways",
        model=Footway,
        title=Text("Πεζόδρομοι και πεζοδρόμια", "Footways"),
        description=Text(
            "Δίκτυο πεζών με κλίση, πλάτος, επιφάνεια, κράσπεδα και οδηγό τυφλών.",
            "Pedestrian network with incline, width, surface, kerbs and tactile paving.",
        ),
        keywords=_kw(("προσβασιμότητα", "accessibility"), ("πεζοί", "pedestrians")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.GIS_ADMIN}),
        style=Style(color="#ef6c00", weight=1.5),
        tiles=True,
        tile_min_zoom=14,
        default_visible=False,
    ),
    LayerSpec(
        id="crossings",
        model=Crossing,
        title=Text("Διαβάσεις πεζών", "Pedestrian crossings"),
        description=Text(
            "Διαβάσεις πεζών με σηματοδότηση, ηχητική σήμανση και κράσπεδα.",
            "Pedestrian crossings with signals, audible signals and kerbs.",
        ),
        keywords=_kw(("διαβάσεις", "crossings"), ("προσβασιμότητα", "accessibility")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.GIS_ADMIN}),
        style=Style(color="#f9a825", fill="#fdd835", radius=4),
        default_visible=False,
    ),
    LayerSpec(
        id="trees",
        model=Tree,
        title=Text("Δέντρα", "Trees"),
        description=Text(
            "Απογραφή δέντρων: είδος, διάμετρος, ύψος, κατάσταση, ημερομηνία φύτευσης.",
            "Tree inventory: species, trunk diameter, height, condition, planting date.",
        ),
        keywords=_kw(("πράσινο", "urban green"), ("δέντρα", "trees")),
        audiences=frozenset({A.CITIZENS, A.FIELD, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.GREEN}),
        style=Style(color="#2e7d32", fill="#66bb6a", radius=4),
        tiles=True,
        tile_min_zoom=14,
        time_field="planted",
        title_field="species_el",
    ),
    LayerSpec(
        id="green_areas",
        model=GreenArea,
        title=Text("Χώροι πρασίνου", "Green areas"),
        description=Text(
            "Πάρκα, πλατείες, παιδικές χαρές και νησίδες πρασίνου.",
            "Parks, squares, playgrounds and green verges.",
        ),
        keywords=_kw(("πράσινο", "urban green"), ("πάρκα", "parks")),
        audiences=EVERYONE,
        editable=True,
        edit_roles=frozenset({R.GREEN}),
        style=Style(color="#388e3c", fill="#a5d6a7", weight=1.0, fill_opacity=0.6),
        title_field="name_el",
        basemap=True,
    ),
    LayerSpec(
        id="flood_zones",
        model=FloodZone,
        title=Text("Ζώνες πλημμύρας", "Flood zones"),
        description=Text(
            "Πλημμυρικές ζώνες ανά σενάριο και περίοδο επαναφοράς.",
            "Flood zones by scenario and return period.",
        ),
        keywords=_kw(("πλημμύρα", "flood"), ("πολιτική προστασία", "civil protection")),
        audiences=frozenset({A.CITIZENS, A.CIVIL_PROTECTION, A.STAFF}),
        style=Style(color="#0d47a1", fill="#42a5f5", weight=0.8, fill_opacity=0.35),
        title_field="scenario",
    ),
    LayerSpec(
        id="market_stalls",
        model=MarketStall,
        title=Text("Πάγκοι λαϊκών αγορών", "Market stalls"),
        description=Text(
            "Θέσεις πάγκων των λαϊκών αγορών ανά ημέρα και κατηγορία.",
            "Stall positions of the street markets by weekday and category.",
        ),
        keywords=_kw(("λαϊκή αγορά", "street market")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.MARKETS}),
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
        keywords=_kw(("οδηγός πόλης", "city guide"), ("καταστήματα", "shops")),
        audiences=frozenset({A.CITIZENS, A.STAFF}),
        editable=True,
        edit_roles=frozenset({R.GIS_ADMIN}),
        style=Style(color="#c2185b", fill="#f06292", radius=5),
        title_field="name_el",
        searchable=True,
    ),
)


def core_registry() -> Registry:
    """The registry of every layer Polis publishes today."""
    return Registry(CORE_LAYERS)
