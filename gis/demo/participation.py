"""Demo participation: a budgeting process in its voting phase with reviewed proposals
around the demo town's centre, and an open consultation on a market regulation.
Pure: ``polis participation demo`` writes them through the participation stores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

#: The demo town's centre (lon, lat), as in the demo town plan.
CENTRE = (21.9215, 39.3652)


@dataclass(frozen=True)
class DemoProposal:
    """A proposal of the demo process (``neighbourhood`` None: city-wide budget)."""

    title: str
    description: str
    cost: int
    neighbourhood: str | None
    geometry: dict[str, Any]
    feasible: bool
    answer: str


def _point(dx: float, dy: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [CENTRE[0] + dx, CENTRE[1] + dy]}


def demo_process(now: dt.datetime) -> dict[str, Any]:
    """The process's fields: proposals two months ago, voting open for two more weeks."""
    return {
        "title_el": "Συμμετοχικός προϋπολογισμός (επίδειξη)",
        "title_en": "Participatory budget (demo)",
        "description_el": "Δείγμα διαδικασίας με συνθετικά δεδομένα.",
        "description_en": "A sample process with synthetic data.",
        "proposals_from": now - dt.timedelta(days=60),
        "review_from": now - dt.timedelta(days=30),
        "voting_from": now - dt.timedelta(days=1),
        "voting_until": now + dt.timedelta(days=14),
        "implementation_from": now + dt.timedelta(days=45),
        "ballot_kind": "knapsack",
        "rule": "equal_shares",
        "min_share": 0.0,
        "min_age": 17,
    }


#: (neighbourhood or None, amount in euros)
DEMO_BUDGETS: tuple[tuple[str | None, int], ...] = ((None, 300_000), ("Κέντρο", 80_000))

DEMO_PROPOSALS: tuple[DemoProposal, ...] = (
    DemoProposal(
        "Σκίαση στην κεντρική πλατεία",
        "Πέργκολες και δέντρα για σκιά τα καλοκαίρια.",
        90_000,
        None,
        _point(0.0, 0.0005),
        True,
        "Εφικτό· το κόστος επιβεβαιώθηκε από την τεχνική υπηρεσία.",
    ),
    DemoProposal(
        "Ποδηλατόδρομος προς τον σταθμό",
        "Ασφαλής λωρίδα ποδηλάτου από το κέντρο προς τον σιδηροδρομικό σταθμό.",
        150_000,
        None,
        {
            "type": "LineString",
            "coordinates": [[CENTRE[0], CENTRE[1]], [CENTRE[0] + 0.006, CENTRE[1] - 0.004]],
        },
        True,
        "Εφικτό, σε δημοτική οδό.",
    ),
    DemoProposal(
        "Πάρκο τσέπης",
        "Μικρό πάρκο σε αδιαμόρφωτο δημοτικό οικόπεδο.",
        70_000,
        None,
        {
            "type": "Polygon",
            "coordinates": [
                [
                    [CENTRE[0] - 0.003, CENTRE[1] + 0.002],
                    [CENTRE[0] - 0.0025, CENTRE[1] + 0.002],
                    [CENTRE[0] - 0.0025, CENTRE[1] + 0.0025],
                    [CENTRE[0] - 0.003, CENTRE[1] + 0.0025],
                    [CENTRE[0] - 0.003, CENTRE[1] + 0.002],
                ]
            ],
        },
        True,
        "Εφικτό.",
    ),
    DemoProposal(
        "Ράμπες στα πεζοδρόμια",
        "Ράμπες για αμαξίδια σε όλες τις διαβάσεις του κέντρου.",
        40_000,
        "Κέντρο",
        _point(0.001, -0.001),
        True,
        "Εφικτό.",
    ),
    DemoProposal(
        "Υπόγειος χώρος στάθμευσης",
        "Υπόγειο πάρκινγκ κάτω από την πλατεία.",
        2_500_000,
        "Κέντρο",
        _point(-0.0005, 0.0),
        False,
        "Μη εφικτό: το κόστος υπερβαίνει πολλές φορές τον προϋπολογισμό.",
    ),
)

#: A draft regulation in Markdown (chapters, articles, paragraphs).
DEMO_DRAFT = """# Κεφάλαιο Α΄ – Γενικές διατάξεις
## Άρθρο 1 – Σκοπός
1. Ο κανονισμός ρυθμίζει τη λειτουργία της εβδομαδιαίας λαϊκής αγοράς.
2. Ισχύει για όλους τους πωλητές και παραγωγούς.
## Άρθρο 2 – Χώρος της αγοράς
Η αγορά λειτουργεί στις οδούς και θέσεις που ορίζονται στον χάρτη.
# Κεφάλαιο Β΄ – Λειτουργία
## Άρθρο 3 – Ωράριο
Η αγορά λειτουργεί κάθε Σάββατο από 07:00 έως 14:00.
## Άρθρο 4 – Καθαριότητα
Οι πωλητές καθαρίζουν τη θέση τους πριν αποχωρήσουν.
"""

#: (article number, kind, name, geometry) places of the demo draft.
DEMO_PLACES: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    (
        "2",
        "market_site",
        "Θέσεις λαϊκής αγοράς",
        {
            "type": "LineString",
            "coordinates": [
                [CENTRE[0] - 0.002, CENTRE[1] - 0.001],
                [CENTRE[0] + 0.002, CENTRE[1] - 0.001],
            ],
        },
    ),
)
