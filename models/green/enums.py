"""Choices of the urban-green domain, each with its Greek and English label."""

from __future__ import annotations

from models.enums import Choice


class RiskRating(Choice):
    """A tree's failure risk (ISA-style qualitative rating); sets how often it is inspected."""

    LOW = "low", "Χαμηλός", "Low"
    MODERATE = "moderate", "Μέτριος", "Moderate"
    HIGH = "high", "Υψηλός", "High"
    EXTREME = "extreme", "Ακραίος", "Extreme"


#: Months between inspections per risk rating (the recurring schedule).
INSPECTION_MONTHS: dict[RiskRating, int] = {
    RiskRating.LOW: 36,
    RiskRating.MODERATE: 12,
    RiskRating.HIGH: 6,
    RiskRating.EXTREME: 3,
}


class AssetKind(Choice):
    """Public-space assets other than trees."""

    BENCH = "bench", "Παγκάκι", "Bench"
    PLAYGROUND = "playground", "Παιδική χαρά", "Playground"
    PLAY_EQUIPMENT = "play_equipment", "Όργανο παιδικής χαράς", "Play equipment"
    FOUNTAIN = "fountain", "Βρύση", "Drinking fountain"
    BIN = "bin", "Κάδος απορριμμάτων", "Litter bin"
    IRRIGATION = "irrigation", "Σύστημα άρδευσης", "Irrigation point"
    LIGHT = "light", "Φωτιστικό", "Light"
    OTHER = "other", "Άλλο", "Other"


class AssetCondition(Choice):
    GOOD = "good", "Καλή", "Good"
    WORN = "worn", "Φθαρμένο", "Worn"
    DAMAGED = "damaged", "Κατεστραμμένο", "Damaged"


class OrderKind(Choice):
    INSPECTION = "inspection", "Επιθεώρηση", "Inspection"
    PRUNING = "pruning", "Κλάδεμα", "Pruning"
    PLANTING = "planting", "Φύτευση", "Planting"
    REMOVAL = "removal", "Απομάκρυνση", "Removal"
    IRRIGATION = "irrigation", "Άρδευση", "Irrigation"
    REPAIR = "repair", "Επισκευή", "Repair"


class OrderStatus(Choice):
    """Life cycle: open → scheduled → in_progress → done (or cancelled at any point before)."""

    OPEN = "open", "Ανοιχτή", "Open"
    SCHEDULED = "scheduled", "Προγραμματισμένη", "Scheduled"
    IN_PROGRESS = "in_progress", "Σε εξέλιξη", "In progress"
    DONE = "done", "Ολοκληρώθηκε", "Done"
    CANCELLED = "cancelled", "Ακυρώθηκε", "Cancelled"


#: Allowed status changes.
ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.OPEN: frozenset(
        {OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS, OrderStatus.DONE, OrderStatus.CANCELLED}
    ),
    OrderStatus.SCHEDULED: frozenset(
        {OrderStatus.OPEN, OrderStatus.IN_PROGRESS, OrderStatus.DONE, OrderStatus.CANCELLED}
    ),
    OrderStatus.IN_PROGRESS: frozenset(
        {OrderStatus.SCHEDULED, OrderStatus.DONE, OrderStatus.CANCELLED}
    ),
    OrderStatus.DONE: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class OrderSource(Choice):
    OFFICE = "office", "Γραφείο", "Office"
    CITIZEN = "citizen", "Αναφορά πολίτη", "Citizen report"
    SCHEDULE = "schedule", "Τακτικός έλεγχος", "Recurring schedule"
