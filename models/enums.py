"""Closed vocabularies of the data model, each value with its Greek and English label."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Choice(StrEnum):
    """A string enum whose members carry a Greek (``el``) and an English (``en``) label."""

    el: str
    en: str

    def __new__(cls, value: str, el: str = "", en: str = "") -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.el = el or value
        obj.en = en or value
        return obj

    @classmethod
    def labels(cls) -> dict[str, dict[str, str]]:
        """``{value: {"el": ..., "en": ...}}`` for every member."""
        return {m.value: {"el": m.el, "en": m.en} for m in cls}


class BoundaryKind(Choice):
    MUNICIPALITY = "municipality", "Δήμος", "Municipality"
    MUNICIPAL_UNIT = "municipal_unit", "Δημοτική ενότητα", "Municipal unit"
    COMMUNITY = "community", "Κοινότητα", "Community"


class RoadClass(Choice):
    MOTORWAY = "motorway", "Αυτοκινητόδρομος", "Motorway"
    TRUNK = "trunk", "Οδός ταχείας κυκλοφορίας", "Trunk road"
    PRIMARY = "primary", "Κύρια οδός", "Primary road"
    SECONDARY = "secondary", "Δευτερεύουσα οδός", "Secondary road"
    TERTIARY = "tertiary", "Τριτεύουσα οδός", "Tertiary road"
    RESIDENTIAL = "residential", "Τοπική οδός", "Residential street"
    LIVING_STREET = "living_street", "Οδός ήπιας κυκλοφορίας", "Living street"
    PEDESTRIAN = "pedestrian", "Πεζόδρομος", "Pedestrian street"
    SERVICE = "service", "Οδός εξυπηρέτησης", "Service road"
    TRACK = "track", "Αγροτική οδός", "Track"
    UNCLASSIFIED = "unclassified", "Αταξινόμητη οδός", "Unclassified road"


class BuildingUse(Choice):
    RESIDENTIAL = "residential", "Κατοικία", "Residential"
    COMMERCIAL = "commercial", "Εμπορικό", "Commercial"
    MIXED = "mixed", "Μικτή χρήση", "Mixed use"
    INDUSTRIAL = "industrial", "Βιομηχανικό", "Industrial"
    PUBLIC = "public", "Δημόσιο κτίριο", "Public building"
    EDUCATION = "education", "Εκπαίδευση", "Education"
    HEALTH = "health", "Υγεία", "Health"
    RELIGIOUS = "religious", "Θρησκευτικό", "Religious"
    SPORTS = "sports", "Αθλητικό", "Sports"
    OTHER = "other", "Άλλο", "Other"


class ZoneType(Choice):
    CONTROLLED = "controlled", "Ελεγχόμενη στάθμευση", "Controlled parking"
    RESIDENT = "resident", "Στάθμευση μονίμων κατοίκων", "Resident parking"
    FREE = "free", "Ελεύθερη στάθμευση", "Free parking"


class BayType(Choice):
    GENERAL = "general", "Γενική", "General"
    DISABLED = "disabled", "ΑμεΑ", "Disabled"
    LOADING = "loading", "Φορτοεκφόρτωση", "Loading"
    EV = "ev", "Φόρτιση ηλεκτρικών οχημάτων", "EV charging"
    RESIDENT = "resident", "Μονίμων κατοίκων", "Resident"


class WheelchairAccess(Choice):
    YES = "yes", "Προσβάσιμο", "Accessible"
    LIMITED = "limited", "Περιορισμένη πρόσβαση", "Limited access"
    NO = "no", "Μη προσβάσιμο", "Not accessible"
    UNKNOWN = "unknown", "Άγνωστο", "Unknown"


class FootwayType(Choice):
    SIDEWALK = "sidewalk", "Πεζοδρόμιο", "Sidewalk"
    FOOTWAY = "footway", "Πεζόδρομος / μονοπάτι", "Footway"
    CROSSING = "crossing", "Διάβαση", "Crossing"
    PEDESTRIAN = "pedestrian", "Πεζοδρομημένη οδός", "Pedestrian street"
    PATH = "path", "Μονοπάτι", "Path"
    STEPS = "steps", "Σκαλοπάτια", "Steps"


class Surface(Choice):
    ASPHALT = "asphalt", "Άσφαλτος", "Asphalt"
    CONCRETE = "concrete", "Σκυρόδεμα", "Concrete"
    PAVING_STONES = "paving_stones", "Πλάκες", "Paving stones"
    SETT = "sett", "Κυβόλιθοι", "Sett"
    GRAVEL = "gravel", "Χαλίκι", "Gravel"
    COMPACTED = "compacted", "Πατημένο χώμα", "Compacted"
    DIRT = "dirt", "Χώμα", "Dirt"
    GRASS = "grass", "Γρασίδι", "Grass"
    OTHER = "other", "Άλλο", "Other"


class KerbType(Choice):
    """Kerb at the end of a footway segment (OpenSidewalks ``kerb``)."""

    FLUSH = "flush", "Στο ίδιο επίπεδο", "Flush"
    LOWERED = "lowered", "Υποβιβασμένο", "Lowered"
    ROLLED = "rolled", "Κεκλιμένο", "Rolled"
    RAISED = "raised", "Υπερυψωμένο", "Raised"
    NONE = "none", "Χωρίς κράσπεδο", "No kerb"


class Smoothness(Choice):
    """OSM ``smoothness``, best first (the order matters: profiles set a worst allowed)."""

    EXCELLENT = "excellent", "Άριστη", "Excellent"
    GOOD = "good", "Καλή", "Good"
    INTERMEDIATE = "intermediate", "Μέτρια", "Intermediate"
    BAD = "bad", "Κακή", "Bad"
    VERY_BAD = "very_bad", "Πολύ κακή", "Very bad"
    HORRIBLE = "horrible", "Απαράδεκτη", "Horrible"
    VERY_HORRIBLE = "very_horrible", "Εντελώς απαράδεκτη", "Very horrible"
    IMPASSABLE = "impassable", "Αδιάβατη", "Impassable"


class BarrierReason(Choice):
    BLOCKED = "blocked", "Αποκλεισμένο πεζοδρόμιο", "Blocked sidewalk"
    BROKEN = "broken", "Σπασμένο πεζοδρόμιο", "Broken sidewalk"
    CONSTRUCTION = "construction", "Έργα", "Construction works"
    PARKED_VEHICLE = "parked_vehicle", "Σταθμευμένο όχημα", "Parked vehicle"
    KERB = "kerb", "Κράσπεδο χωρίς ράμπα", "Kerb without ramp"
    OTHER = "other", "Άλλο", "Other"


class BarrierStatus(Choice):
    OPEN = "open", "Ανοιχτή", "Open"
    CLOSED = "closed", "Κλειστή", "Closed"
    EXPIRED = "expired", "Έληξε", "Expired"


class CrossingType(Choice):
    TRAFFIC_SIGNALS = "traffic_signals", "Με φωτεινή σηματοδότηση", "Traffic signals"
    MARKED = "marked", "Διαγραμμισμένη (zebra)", "Marked (zebra)"
    UNMARKED = "unmarked", "Χωρίς διαγράμμιση", "Unmarked"
    RAISED = "raised", "Υπερυψωμένη", "Raised table"


class TreeCondition(Choice):
    GOOD = "good", "Καλή", "Good"
    FAIR = "fair", "Μέτρια", "Fair"
    POOR = "poor", "Κακή", "Poor"
    DEAD = "dead", "Νεκρό", "Dead"


class GreenKind(Choice):
    PARK = "park", "Πάρκο", "Park"
    SQUARE = "square", "Πλατεία", "Square"
    PLAYGROUND = "playground", "Παιδική χαρά", "Playground"
    GARDEN = "garden", "Κήπος", "Garden"
    GROVE = "grove", "Άλσος", "Grove"
    VERGE = "verge", "Νησίδα πρασίνου", "Verge"
    RIVERSIDE = "riverside", "Παρόχθιο πράσινο", "Riverside green"


class WaterwayKind(Choice):
    RIVER = "river", "Ποταμός", "River"
    STREAM = "stream", "Ρέμα", "Stream"
    CANAL = "canal", "Διώρυγα", "Canal"
    DRAIN = "drain", "Αποχετευτική τάφρος", "Drain"
    DITCH = "ditch", "Τάφρος", "Ditch"


class FloodHazard(Choice):
    """Flood hazard class per the Floods Directive (2007/60/EC) return periods."""

    HIGH = "high", "Υψηλή (T=50 έτη)", "High (T=50 years)"
    MEDIUM = "medium", "Μέση (T=100 έτη)", "Medium (T=100 years)"
    LOW = "low", "Χαμηλή (T=1000 έτη)", "Low (T=1000 years)"


class Weekday(Choice):
    MON = "mon", "Δευτέρα", "Monday"
    TUE = "tue", "Τρίτη", "Tuesday"
    WED = "wed", "Τετάρτη", "Wednesday"
    THU = "thu", "Πέμπτη", "Thursday"
    FRI = "fri", "Παρασκευή", "Friday"
    SAT = "sat", "Σάββατο", "Saturday"
    SUN = "sun", "Κυριακή", "Sunday"


class StallCategory(Choice):
    PRODUCE = "produce", "Οπωροκηπευτικά", "Fruit and vegetables"
    FISH = "fish", "Ψάρια", "Fish"
    DAIRY = "dairy", "Γαλακτοκομικά", "Dairy"
    FLOWERS = "flowers", "Άνθη", "Flowers"
    CLOTHING = "clothing", "Ένδυση", "Clothing"
    HOUSEHOLD = "household", "Είδη σπιτιού", "Household goods"
    OTHER = "other", "Άλλο", "Other"


class BusinessCategory(Choice):
    CAFE = "cafe", "Καφετέρια", "Café"
    RESTAURANT = "restaurant", "Εστιατόριο", "Restaurant"
    TAVERN = "tavern", "Ταβέρνα", "Tavern"
    BAKERY = "bakery", "Αρτοποιείο", "Bakery"
    PHARMACY = "pharmacy", "Φαρμακείο", "Pharmacy"
    SUPERMARKET = "supermarket", "Σούπερ μάρκετ", "Supermarket"
    BUTCHER = "butcher", "Κρεοπωλείο", "Butcher"
    CLOTHING = "clothing", "Ένδυση", "Clothing"
    HARDWARE = "hardware", "Σιδηροπωλείο", "Hardware"
    BOOKSHOP = "bookshop", "Βιβλιοπωλείο", "Bookshop"
    BANK = "bank", "Τράπεζα", "Bank"
    HOTEL = "hotel", "Ξενοδοχείο", "Hotel"
    KIOSK = "kiosk", "Περίπτερο", "Kiosk"
    FUEL = "fuel", "Πρατήριο καυσίμων", "Fuel station"
    OTHER = "other", "Άλλο", "Other"
