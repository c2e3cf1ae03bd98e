"""Greek and English texts of the web map's user interface (not of the layers)."""

from __future__ import annotations

from layers.registry.text import Text
from models.profile import MunicipalityProfile

UI_TEXT: dict[str, Text] = {
    "layers": Text("Επίπεδα", "Layers"),
    "basemap": Text("Υπόβαθρο", "Basemap"),
    "thematic": Text("Θεματικά επίπεδα", "Thematic layers"),
    "online_basemap": Text("OpenStreetMap (με σύνδεση)", "OpenStreetMap (online)"),
    "zoom_in_to_see": Text("ορατό από ζουμ", "visible from zoom"),
    "search": Text("Αναζήτηση", "Search"),
    "search_placeholder": Text("Επιχειρήσεις, οδοί, στάσεις…", "Businesses, streets, stops…"),
    "no_results": Text("Δεν βρέθηκαν αποτελέσματα", "No results"),
    "locate": Text("Η θέση μου", "Locate me"),
    "you_are_here": Text("Βρίσκεστε εδώ", "You are here"),
    "location_error": Text("Η θέση σας δεν βρέθηκε", "Your location could not be found"),
    "nearest": Text("Πλησιέστερα", "Nearest"),
    "yes": Text("Ναι", "Yes"),
    "no": Text("Όχι", "No"),
    "language": Text("Γλώσσα", "Language"),
    "switch_language": Text("English", "Ελληνικά"),
    "close": Text("Κλείσιμο", "Close"),
    "load_error": Text("Σφάλμα φόρτωσης", "Loading error"),
}


def ui_texts(profile: MunicipalityProfile) -> dict[str, dict[str, str]]:
    """Every UI text as ``{key: {"el": ..., "en": ...}}`` for the page script, with the
    municipality's name (``municipality``) from ``profile``."""
    texts = {key: text.as_dict() for key, text in UI_TEXT.items()}
    return texts | {"municipality": profile.name.as_dict()}
