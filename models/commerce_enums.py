"""Enumerations of the ``commerce`` domain (guide and street markets), labelled el/en."""

from __future__ import annotations

from models.enums import Choice


class Wheelchair(Choice):
    """Step-free access (OSM ``wheelchair=*``)."""

    YES = "yes", "Πλήρης πρόσβαση", "Fully accessible"
    LIMITED = "limited", "Περιορισμένη πρόσβαση", "Partly accessible"
    NO = "no", "Χωρίς πρόσβαση", "Not accessible"


class ReviewStatus(Choice):
    """Where a submission (claim, change, offer) stands with the staff."""

    PENDING = "pending", "Σε αναμονή ελέγχου", "Awaiting review"
    APPROVED = "approved", "Εγκρίθηκε", "Approved"
    REJECTED = "rejected", "Απορρίφθηκε", "Rejected"


class OfferKind(Choice):
    OFFER = "offer", "Προσφορά", "Offer"
    EVENT = "event", "Εκδήλωση", "Event"


class StallSector(Choice):
    """Law 4849/2021 keeps producers and professional traders apart."""

    PRODUCERS = "producers", "Παραγωγοί", "Producers"
    PROFESSIONALS = "professionals", "Επαγγελματίες πωλητές", "Professional traders"


class AllocationMethod(Choice):
    POINTS = "points", "Μοριοδότηση", "By points"
    DRAW = "draw", "Κλήρωση", "By draw"
