"""Greek and English texts of the field map's crew tools (``static/field.js``)."""

from __future__ import annotations

from layers.registry.text import Text

FIELD_TEXT: tuple[tuple[str, Text], ...] = (
    ("crew", Text("Συνεργείο", "Crew")),
    ("sign_in", Text("Σύνδεση", "Sign in")),
    ("sign_out", Text("Αποσύνδεση", "Sign out")),
    ("email", Text("Email", "Email")),
    ("password", Text("Κωδικός", "Password")),
    ("sign_in_failed", Text("Η σύνδεση απέτυχε", "Sign-in failed")),
    ("today", Text("Σημερινές εργασίες", "Today's orders")),
    ("no_orders", Text("Καμία εργασία για σήμερα", "No orders today")),
    ("no_crew", Text("Δεν ανήκετε σε συνεργείο", "You are not in a crew")),
    ("close_order", Text("Ολοκλήρωση με φωτογραφία", "Close with photo")),
    ("photo", Text("Φωτογραφία", "Photo")),
    ("inspect", Text("Επιθεώρηση", "Inspect")),
    ("condition", Text("Κατάσταση", "Condition")),
    ("risk", Text("Επικινδυνότητα", "Risk rating")),
    ("notes", Text("Σημειώσεις", "Notes")),
    ("save", Text("Αποθήκευση", "Save")),
    ("cancel", Text("Άκυρο", "Cancel")),
    ("edit_tree", Text("Διόρθωση δέντρου", "Edit tree")),
    ("add_tree", Text("Νέο δέντρο", "Add tree")),
    ("tap_map", Text("Πατήστε στον χάρτη όπου είναι το δέντρο", "Tap the map where the tree is")),
    ("species", Text("Είδος (λατινικά)", "Species (Latin)")),
    ("dbh", Text("Διάμετρος κορμού (cm)", "Trunk diameter (cm)")),
    ("online", Text("Με σύνδεση", "Online")),
    ("offline", Text("Χωρίς σύνδεση", "Offline")),
    ("pending", Text("σε αναμονή", "pending")),
    ("sync", Text("Συγχρονισμός", "Sync")),
    ("synced", Text("Συγχρονίστηκαν", "Synced")),
    ("conflicts", Text("Διενέξεις", "Conflicts")),
    (
        "conflict_text",
        Text(
            "Κάποιος άλλος άλλαξε αυτό το στοιχείο ενώ ήσασταν εκτός σύνδεσης.",
            "Someone else changed this asset while you were offline.",
        ),
    ),
    ("theirs", Text("Τρέχουσα τιμή", "Current value")),
    ("mine", Text("Η δική μου τιμή", "My value")),
    ("keep_mine", Text("Κράτα τη δική μου", "Keep mine")),
    ("keep_theirs", Text("Κράτα την τρέχουσα", "Keep theirs")),
    ("error", Text("Σφάλμα", "Error")),
    ("done", Text("Ολοκληρώθηκε", "Done")),
)

#: The citizen map's report of a problem with a tree or a green space (``static/green.js``).
REPORT_TEXT: tuple[tuple[str, Text], ...] = (
    (
        "report_problem",
        Text("Αναφορά για δέντρο ή πράσινο", "Report a tree or green-space problem"),
    ),
    (
        "tap_problem",
        Text("Πατήστε στον χάρτη όπου είναι το πρόβλημα", "Tap the map where the problem is"),
    ),
    (
        "describe_problem",
        Text("Τι συμβαίνει; (π.χ. έπεσε κλαδί)", "What happened? (e.g. a fallen branch)"),
    ),
    ("send_report", Text("Αποστολή", "Send")),
    ("report_sent", Text("Η αναφορά καταχωρίστηκε", "Report received")),
    ("email", Text("Email", "Email")),
    ("password", Text("Κωδικός", "Password")),
    ("sign_in", Text("Σύνδεση", "Sign in")),
    ("sign_in_failed", Text("Η σύνδεση απέτυχε", "Sign-in failed")),
    ("error", Text("Σφάλμα", "Error")),
)
