"""Domain `mobility`: Accessibility for people with reduced mobility: the pedestrian network and crossings."""

from __future__ import annotations

from layers.mobility import osm
from layers.registry.spec import Audience, LayerSpec, OsmRule, Style, keywords
from layers.registry.text import Text
from models import BarrierReport, Crossing, Footway
from models.auth import STAFF_ROLES, Role

#: The OGC API – Processes of ``gis/mobility/processes.py`` are ``jobs`` process specs.
DEPENDS = ("jobs",)

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id="footways",
        model=Footway,
        title=Text("Πεζόδρομοι και πεζοδρόμια", "Footways"),
        description=Text(
            "Δίκτυο πεζών με κλίση, πλάτος, επιφάνεια, κράσπεδα και οδηγό τυφλών.",
            "Pedestrian network with incline, width, surface, kerbs and tactile paving.",
        ),
        keywords=keywords(("προσβασιμότητα", "accessibility"), ("πεζοί", "pedestrians")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.GIS_ADMIN}),
        style=Style(color="#ef6c00", weight=1.5),
        tiles=True,
        tile_min_zoom=14,
        default_visible=False,
        osm=OsmRule(
            elements=frozenset({"way"}),
            attributes=osm.footway_attributes,
            end_keys=osm.KERB_KEYS,
            ends=osm.footway_ends,
        ),
        labels=(
            ("smoothness", Text("Ομαλότητα επιφάνειας", "Smoothness")),
            ("kerb_start_height", Text("Ύψος κρασπέδου αρχής (m)", "Kerb height at start (m)")),
            ("kerb_end_height", Text("Ύψος κρασπέδου τέλους (m)", "Kerb height at end (m)")),
        ),
    ),
    LayerSpec(
        id="crossings",
        model=Crossing,
        title=Text("Διαβάσεις πεζών", "Pedestrian crossings"),
        description=Text(
            "Διαβάσεις πεζών με σηματοδότηση, ηχητική σήμανση και κράσπεδα.",
            "Pedestrian crossings with signals, audible signals and kerbs.",
        ),
        keywords=keywords(("διαβάσεις", "crossings"), ("προσβασιμότητα", "accessibility")),
        audiences=frozenset({Audience.CITIZENS, Audience.STAFF}),
        editable=True,
        edit_roles=frozenset({Role.GIS_ADMIN}),
        style=Style(color="#f9a825", fill="#fdd835", radius=4),
        default_visible=False,
        osm=OsmRule(elements=frozenset({"node"}), attributes=osm.crossing_attributes),
        labels=(
            ("markings", Text("Διαγράμμιση", "Markings")),
            ("kerb_height", Text("Ύψος κρασπέδου (m)", "Kerb height (m)")),
            ("traffic_signals_vibration", Text("Δονητική σήμανση", "Vibrating signals")),
            ("button_operated", Text("Κουμπί πεζών", "Push button")),
            ("extension_s", Text("Παράταση πράσινου (s)", "Pedestrian-phase extension (s)")),
        ),
    ),
    LayerSpec(
        id="barrier_reports",
        model=BarrierReport,
        title=Text("Αναφορές εμποδίων", "Barrier reports"),
        description=Text(
            "Εμπόδια σε πεζοδρόμια που ανέφεραν πολίτες· η δρομολόγηση τα αποφεύγει όσο είναι ανοιχτά.",
            "Sidewalk barriers reported by citizens; routing avoids them while they are open.",
        ),
        keywords=keywords(("εμπόδια", "barriers"), ("προσβασιμότητα", "accessibility")),
        audiences=frozenset({Audience.STAFF}),
        read_roles=STAFF_ROLES,
        editable=True,
        edit_roles=STAFF_ROLES,
        hidden=frozenset({"reporter_id"}),
        time_field="reported_at",
        style=Style(color="#c62828", fill="#e53935", radius=6),
        labels=(
            ("reason", Text("Αιτία", "Reason")),
            ("note", Text("Σημείωση", "Note")),
            ("status", Text("Κατάσταση", "Status")),
            ("reported_at", Text("Αναφέρθηκε", "Reported")),
            ("expires_at", Text("Λήγει", "Expires")),
            ("closed_at", Text("Έκλεισε", "Closed")),
            ("has_photo", Text("Φωτογραφία", "Photo")),
        ),
    ),
)
