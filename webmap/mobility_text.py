"""Greek and English texts of the accessible-routing tool of the web map, and the tool's
configuration for the pages that offer it."""

from __future__ import annotations

from typing import Any

from layers.registry import Audience
from layers.registry.text import Text
from models.enums import BarrierReason
from webmap.audiences import MapPage

#: Where the tool finds the mobility API (same origin as the page).
MOBILITY_URL = "/mobility"
#: The pages that offer the tool.
AUDIENCES = frozenset({Audience.CITIZENS, Audience.STAFF})

MOBILITY_TEXT: dict[str, Text] = {
    "tool": Text("Προσβάσιμη διαδρομή", "Accessible route"),
    "profile": Text("Προφίλ", "Profile"),
    "set_start": Text("Ορισμός αφετηρίας", "Set start"),
    "set_end": Text("Ορισμός προορισμού", "Set destination"),
    "click_map": Text("Κάντε κλικ στον χάρτη", "Click on the map"),
    "find_route": Text("Εύρεση διαδρομής", "Find route"),
    "length": Text("Μήκος", "Length"),
    "duration": Text("Χρόνος", "Time"),
    "minutes": Text("λεπτά", "min"),
    "warnings": Text("Προειδοποιήσεις", "Warnings"),
    "instructions": Text("Οδηγίες", "Directions"),
    "no_route": Text("Δεν βρέθηκε διαδρομή", "No route found"),
    "blocked_by": Text("Εμπόδιο", "Blocked by"),
    "need_points": Text("Ορίστε αφετηρία και προορισμό", "Set a start and a destination"),
    "max_kerb_height": Text("ύψος κρασπέδου", "kerb height"),
    "min_width": Text("πλάτος πεζοδρομίου", "footway width"),
    "avoid_steps": Text("σκαλοπάτια", "steps"),
    "wheelchair": Text("μη προσβάσιμο τμήμα", "not wheelchair accessible"),
    "max_uphill": Text("ανηφόρα", "uphill incline"),
    "max_downhill": Text("κατηφόρα", "downhill incline"),
    "allowed_surfaces": Text("επιφάνεια", "surface"),
    "worst_smoothness": Text("κατάσταση επιφάνειας", "surface condition"),
    "avoid_unmarked_crossings": Text("διάβαση χωρίς διαγράμμιση", "unmarked crossing"),
    "barrier": Text("αναφερθέν εμπόδιο", "reported barrier"),
    "no_connection": Text("καμία πεζή σύνδεση", "no pedestrian connection"),
    "audit": Text("Έλεγχος διαβάσεων", "Crossing audit"),
    "audit_rank": Text("Κατάταξη", "Rank"),
    "missing": Text("Λείπει", "Missing"),
    "near_school": Text("Κοντά σε σχολείο", "Near a school"),
    "report_barrier": Text("Αναφορά εμποδίου", "Report a barrier"),
    "reason": Text("Αιτία", "Reason"),
    "note": Text("Σημείωση", "Note"),
    "photo": Text("Φωτογραφία (προαιρετική)", "Photo (optional)"),
    "send": Text("Αποστολή", "Send"),
    "report_sent": Text("Η αναφορά στάλθηκε", "Report sent"),
    "email": Text("Email", "Email"),
    "password": Text("Κωδικός", "Password"),
    "sign_in": Text("Σύνδεση", "Sign in"),
    "sign_in_failed": Text("Η σύνδεση απέτυχε", "Sign-in failed"),
    "error": Text("Σφάλμα", "Error"),
}


def mobility_config(page: MapPage) -> dict[str, Any] | None:
    """The tool's configuration on ``page`` (None where the page does not offer it); the
    staff map also gets the crossing audit."""
    if page.audience not in AUDIENCES:
        return None
    return {
        "api": MOBILITY_URL,
        "audit": page.audience is Audience.STAFF,
        "report": page.audience is Audience.CITIZENS,
        "reasons": BarrierReason.labels(),
        "text": {k: t.as_dict() for k, t in MOBILITY_TEXT.items()},
    }
