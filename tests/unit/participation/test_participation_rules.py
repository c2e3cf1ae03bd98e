"""Counting by greedy and Equal Shares against a case computed by hand, the ballot
checks, the draft parser and the census reader."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pabulib.checker import Checker

from gis.participation.ballots import BallotProject, check_ballot
from gis.participation.census import read_census
from gis.participation.counting import Election, as_pabulib, count, votes_per_project
from gis.participation.drafts import parse_markdown
from gis.participation.keys import document_digest, keyed
from models.errors import InvalidInput
from models.participation.enums import BallotKind, CountingRule
from models.participation.schemas import GeoJSONGeometry

# Budget 110, eleven voters (10 each under Equal Shares). Six approve A1 (50) and A2 (60),
# one approves A1 only, four approve B (40): votes A1 7, A2 6, B 4.
# Greedy by votes: A1 (50), A2 (60) fit the 110; B (40) no longer does -> {A1, A2}.
# Equal Shares with cost utilities: a project its supporters can pay in equal shares costs
# each 1/n per euro of utility: A1 1/7, A2 1/6, B 1/4 -> A1 first (7 pay 50/7 each). The
# six of A1 and A2 keep 6 x (10 - 50/7) = 17.1 < 60: A2 is unaffordable. The four of B hold
# 40 = its cost -> funded. Nothing else is affordable -> {A1, B}.
A1, A2, B = 1, 2, 3
RULE_NAMES = {CountingRule.GREEDY: "greedy", CountingRule.EQUAL_SHARES: "equalshares"}


def hand_case(rule: CountingRule) -> Election:
    return Election(
        budget=Decimal(110),
        costs={A1: Decimal(50), A2: Decimal(60), B: Decimal(40)},
        ballots=[frozenset({A1, A2})] * 6 + [frozenset({A1})] + [frozenset({B})] * 4,
        names={A1: "Park", A2: "Square", B: "Cycle lane"},
        meta={
            "description": "hand case",
            "country": "Greece",
            "unit": "Test",
            "instance": "2027",
            "rule": RULE_NAMES[rule],
            "date_begin": "01.03.2027",
            "date_end": "15.03.2027",
        },
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [(CountingRule.GREEDY, [A1, A2]), (CountingRule.EQUAL_SHARES, [A1, B])],
)
def test_rules_match_the_hand_computed_case(rule: CountingRule, expected: list[int]) -> None:
    assert count(hand_case(rule), rule) == expected


@pytest.mark.parametrize("rule", list(CountingRule))
def test_pabulib_file_passes_the_pabulib_checker(rule: CountingRule) -> None:
    text = as_pabulib(hand_case(rule), rule)
    lines = text.split("\n")
    assert "vote_type;approval" in lines and "budget;110" in lines
    votes = lines[lines.index("VOTES") + 2 :]
    assert sorted(v.split(";")[1] for v in votes if v) == ["1"] + ["1,2"] * 6 + ["3"] * 4
    # pabulib's own checker: the format, and the selected projects recomputed by its rule
    report = Checker().process_files([text])
    assert report["metadata"] == {"processed": 1, "valid": 1, "invalid": 0}, report
    assert report["summary"] == {}, report


def test_leftover_money_by_rule() -> None:
    """Greedy (pabulib's definition) funds an unchosen project that fits the leftover
    money; Equal Shares does not; pabulib's checker agrees with both files."""
    election = Election(
        budget=Decimal(100),
        costs={1: Decimal(50), 2: Decimal(30), 3: Decimal(60)},
        ballots=[frozenset({1})] * 3 + [frozenset({3})],
        names={1: "Park", 2: "Bench", 3: "Fountain"},
        meta=hand_case(CountingRule.GREEDY).meta,
    )
    assert count(election, CountingRule.GREEDY) == [1, 2]
    assert count(election, CountingRule.EQUAL_SHARES) == [1]
    greedy = Checker().process_files([as_pabulib(election, CountingRule.GREEDY)])
    assert greedy["metadata"]["valid"] == 1, greedy


def test_votes_per_project() -> None:
    assert votes_per_project(hand_case(CountingRule.GREEDY)) == {A1: 7, A2: 6, B: 4}


PROJECTS = {
    1: BallotProject(1, Decimal(60), 10),
    2: BallotProject(2, Decimal(50), 10),
    3: BallotProject(3, Decimal(30), 11),
}
BUDGETS = {10: Decimal(100), 11: Decimal(40)}


@pytest.mark.parametrize(
    ("choices", "min_share", "problem"),
    [
        ([1, 2], 0.0, "over the budget"),
        ([3], 0.9, "less than the minimum"),
        ([4], 0.0, "not on your ballot"),
        ([1, 1], 0.0, "twice"),
        ([], 0.0, "at least one"),
    ],
)
def test_bad_knapsack_ballots(choices: list[int], min_share: float, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem) as err:
        check_ballot(
            choices,
            projects=PROJECTS,
            budgets=BUDGETS,
            kind=BallotKind.KNAPSACK,
            min_share=min_share,
        )
    assert err.value.field == "projects"


def test_good_ballots() -> None:
    check_ballot(
        [1, 3], projects=PROJECTS, budgets=BUDGETS, kind=BallotKind.KNAPSACK, min_share=0.5
    )
    # an approval ballot may exceed the budget
    check_ballot([1, 2], projects=PROJECTS, budgets=BUDGETS, kind=BallotKind.APPROVAL, min_share=0)


DRAFT = """# Κεφάλαιο Α΄ – Γενικές διατάξεις
## Άρθρο 1 – Σκοπός
1. Ο κανονισμός ρυθμίζει τις λαϊκές αγορές.
2. Ισχύει σε όλο τον δήμο.
## Άρθρο 2α – Ορισμοί
Πωλητής είναι ο κάτοχος άδειας.
# Κεφάλαιο Β΄ – Λειτουργία
## Article 3 – Hours
Markets open at 07:00.
"""


def test_markdown_draft_keeps_numbering_and_chapters() -> None:
    articles = parse_markdown(DRAFT)
    assert [(a.number, a.title) for a in articles] == [
        ("1", "Σκοπός"),
        ("2α", "Ορισμοί"),
        ("3", "Hours"),
    ]
    assert articles[0].chapter == "Κεφάλαιο Α΄ – Γενικές διατάξεις"
    assert articles[2].chapter == "Κεφάλαιο Β΄ – Λειτουργία"
    assert articles[0].paragraphs[1] == "2. Ισχύει σε όλο τον δήμο."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("just prose", "no articles"),
        ("## Άρθρο 1\nα\n## Άρθρο 1\nβ", "more than once"),
        ("## Άρθρο 1 – Κενό\n", "no text"),
        ("## Σκοπός\nκείμενο", "no number"),
    ],
)
def test_bad_drafts(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        parse_markdown(text)


def test_census_reader_and_keys() -> None:
    digest = document_digest("ΑΒ 123456")
    assert digest == document_digest("ab-123456")  # Greek and Latin capitals fold together
    rows = list(
        read_census(f"document_hash,birth_year,neighbourhood\n{digest},1980,Άγιος Νικόλαος\n")
    )
    assert rows[0].birth_year == 1980 and rows[0].document_hash == digest
    assert keyed("k1", "census", digest) != keyed("k2", "census", digest)
    with pytest.raises(InvalidInput, match="line 2: 'birth_year'"):
        list(read_census(f"document_hash,birth_year,neighbourhood\n{digest},19x0,A\n"))
    with pytest.raises(InvalidInput, match="missing column"):
        list(read_census("document,birth_year\n"))


@pytest.mark.parametrize(
    ("geometry", "problem"),
    [
        ({"type": "Point", "coordinates": [39.365, 21.921]}, "inside Greece"),  # lat, lon swapped
        ({"type": "Point", "coordinates": [21.9]}, "not a valid GeoJSON Point"),
        ({"type": "LineString", "coordinates": [[21.9, 39.3]]}, "not a valid GeoJSON LineString"),
        ({"type": "Polygon", "coordinates": [[[21.9, 39.3], [21.91, 39.3]]]}, "not a valid"),
        ({"type": "MultiPoint", "coordinates": [[21.9, 39.3]]}, "Point"),
    ],
)
def test_bad_proposal_geometries(geometry: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        GeoJSONGeometry.model_validate(geometry)


def test_good_proposal_geometry() -> None:
    line = {"type": "LineString", "coordinates": [[21.918, 39.362], [21.925, 39.367]]}
    assert GeoJSONGeometry.model_validate(line).type == "LineString"
