"""Stall allocation: by points, by a seeded draw (repeatable and fair), sectors apart,
the unplaced waiting in order; licence CSV checks per row and field."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from gis.commerce.allocation import Applicant, Stall, allocate, ranking
from layers.commerce.licences import read_licences
from models.commerce_enums import AllocationMethod
from models.errors import InvalidInput

P, D = AllocationMethod.POINTS, AllocationMethod.DRAW
PEOPLE = [Applicant(i, f"L-{i:03d}", "producers", float(10 - i)) for i in range(1, 6)]


def test_points_highest_first_and_the_rest_wait() -> None:
    stalls = [Stall(100, 2, "producers"), Stall(101, 1, "producers")]
    result = allocate(stalls, PEOPLE, P)
    assert result.assigned == ((101, 1), (100, 2))  # lowest stall number to most points
    assert result.waiting == (3, 4, 5)


def test_sectors_are_kept_apart() -> None:
    trader = Applicant(9, "L-009", "professionals", 100.0)
    result = allocate([Stall(1, 1, "producers")], [trader, PEOPLE[0]], P)
    assert result.assigned == ((1, 1),)
    assert result.waiting == (9,)


def test_a_draw_repeats_with_its_seed_and_changes_with_another() -> None:
    stalls = [Stall(i, i, "producers") for i in range(1, 3)]
    first = allocate(stalls, PEOPLE, D, seed=2026)
    assert allocate(stalls, list(reversed(PEOPLE)), D, seed=2026) == first  # order of input
    others = {allocate(stalls, PEOPLE, D, seed=s) for s in range(20)}
    assert len(others) > 5


def test_a_draw_is_fair() -> None:
    """Over 5,000 seeds each of 5 applicants draws first about a fifth of the time and
    the first place is independent of points (chi-square, 4 degrees of freedom)."""
    seeds = 5000
    firsts = Counter(ranking(PEOPLE, D, seed)[0].licence_id for seed in range(seeds))
    counts = np.array([firsts[a.licence_id] for a in PEOPLE])
    expected = seeds / len(PEOPLE)
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    assert chi2 < 18.47  # p = 0.001
    positions = Counter(
        [a.licence_id for a in ranking(PEOPLE, D, seed)].index(1) for seed in range(seeds)
    )
    assert all(abs(positions[i] - expected) < 0.15 * expected for i in range(5))


HEADER = "Αριθμός Άδειας;Ονοματεπώνυμο;ΑΦΜ;Τύπος Άδειας;Έναρξη Ισχύος;Λήξη Ισχύος;Είδη;Όχημα;Βοηθοί;Μόρια"


def test_licences_csv_is_read() -> None:
    rows = read_licences(
        HEADER
        + "\nΠ-1;Γεώργιος Παππάς;094259216;Παραγωγός;01/01/2026;31/12/2027;"
        "Μήλα, αχλάδια;ΚΡΑ-1234;1;12,5\n".replace("12,5", "12.5")
    )
    assert rows[0].sector.value == "producers"
    assert rows[0].valid_to.isoformat() == "2027-12-31"
    assert rows[0].helpers == 1


def test_licence_problems_are_listed_by_row_and_field() -> None:
    text = (
        HEADER
        + "\nΠ-1;Α;094259216;Παραγωγός;01/01/2026;31/12/2027;Μήλα;;0;1"
        + "\nΠ-2;Β;123456789;Παραγωγός;01/01/2026;31/12/2027;Μήλα;;0;1"
        + "\nΠ-3;Γ;094259216;Πωλητής;01/01/2026;31/12/2025;Μήλα;;0;1"
        + "\nΠ-1;Δ;094259216;Παραγωγός;01/01/2026;31/12/2027;Μήλα;;0;1\n"
    )
    with pytest.raises(InvalidInput) as info:
        read_licences(text)
    message = info.value.message
    assert info.value.field == "row 3.tax_number"
    assert "row 3, 'tax_number'" in message
    assert "row 4, 'sector'" in message and "row 4, 'valid_to'" in message
    assert "row 5, 'licence_number': Π-1 repeats row 2" in message
    assert "nothing imported" in message
    with pytest.raises(InvalidInput) as info:
        read_licences("Αριθμός Άδειας;Χρώμα\nΠ-1;κόκκινο\n")
    assert info.value.field == "file"
