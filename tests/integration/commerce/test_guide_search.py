"""Guide search in the database: accents, case, final sigma, Greeklish, categories, "open
now" (agreeing with the Python rule), walking distance."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from commerce_db import SQUARE, add_business, run_search

from api.settings import PolisSettings
from layers.commerce.holidays import holidays_around
from layers.commerce.hours import parse_hours
from layers.commerce.moments import Moment
from layers.commerce.search import GuideQuery
from models.enums import BusinessCategory

NAMES = [
    ("Ταβέρνα Ο Νίκος", "Nikos Taverna", "tavern", "Tu-Su 13:00-17:00,20:00-01:00; Mo off"),
    ("Φαρμακείο Παπαδόπουλος", "Papadopoulos Pharmacy", "pharmacy", "Mo-Fr 08:00-14:00; PH off"),
    ("Χρυσοχοείο Θεσσαλίας", "Thessaly Jeweller", "other", "Mo-Sa 09:00-14:00"),
    ("Καφέ Ωραία Ελένη", "Beautiful Eleni Café", "cafe", "Mo-Su 07:30-02:00"),
    ("Μπουγάτσα Ζαχαρένια", "Zacharenia Bougatsa", "bakery", "Mo-Sa 06:00-13:00; PH 07:00-11:00"),
]


@pytest.fixture(scope="module")
def guide(commerce_settings: PolisSettings) -> dict[str, int]:
    with psycopg.connect(commerce_settings.dsn, autocommit=True) as c:
        c.execute("TRUNCATE businesses CASCADE")
        return {
            en: add_business(c, el, en, category, hours, east=100.0 * i, north=0.0)
            for i, (el, en, category, hours) in enumerate(NAMES)
        }


def names(settings: PolisSettings, **kwargs: object) -> list[str]:
    rows = run_search(settings.dsn, GuideQuery(**kwargs))  # type: ignore[arg-type]
    return [r["name_en"] for r in rows]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("νικος", "Nikos Taverna"),  # no accent
        ("ΝΙΚΟΣ", "Nikos Taverna"),  # capitals, final sigma as Σ
        ("Νίκος", "Nikos Taverna"),  # final ς
        ("ταβερνα νικοσ", "Nikos Taverna"),  # two words, medial σ typed at the end
        ("nikos", "Nikos Taverna"),  # Greeklish
        ("farmakeio", "Papadopoulos Pharmacy"),
        ("farmakio", "Papadopoulos Pharmacy"),
        ("papadopoulos", "Papadopoulos Pharmacy"),
        ("xrysoxoeio", "Thessaly Jeweller"),
        ("chrysochoeio thessalias", "Thessaly Jeweller"),
        ("8essalias", "Thessaly Jeweller"),
        ("kafe", "Beautiful Eleni Café"),
        ("ωραια", "Beautiful Eleni Café"),
        ("CAFE", "Beautiful Eleni Café"),
        ("bougatsa", "Zacharenia Bougatsa"),
        ("mpougatsa", "Zacharenia Bougatsa"),
        ("φουρνος", "Zacharenia Bougatsa"),  # a word of its category
    ],
)
def test_words_match_however_spelt(
    commerce_settings: PolisSettings, guide: dict[str, int], q: str, expected: str
) -> None:
    found = names(commerce_settings, text=q)
    assert found[:1] == [expected], (q, found)


def test_unrelated_words_find_nothing(
    commerce_settings: PolisSettings, guide: dict[str, int]
) -> None:
    assert names(commerce_settings, text="σουβλακι") == []
    assert names(commerce_settings, text="nikos pharmacy") == []


def test_category_filter(commerce_settings: PolisSettings, guide: dict[str, int]) -> None:
    assert names(commerce_settings, category=BusinessCategory.PHARMACY) == ["Papadopoulos Pharmacy"]


def test_walk_minutes_is_a_distance_from_the_point(
    commerce_settings: PolisSettings, guide: dict[str, int]
) -> None:
    lon, lat = SQUARE
    near = names(commerce_settings, lon=lon, lat=lat, walk_minutes=2.6)  # 208 m
    assert near == ["Nikos Taverna", "Papadopoulos Pharmacy", "Thessaly Jeweller"]


MOMENTS = [
    "2026-12-01T16:00",  # Tuesday afternoon
    "2026-12-01T21:00",
    "2026-12-02T00:30",  # Wednesday, night from Tuesday
    "2026-12-07T00:30",  # Monday night from Sunday (tavern closed Monday)
    "2026-12-08T00:30",  # Tuesday night from Monday
    "2026-12-25T08:00",  # Christmas (Friday)
    "2026-12-26T01:30",  # the night after Christmas
    "2026-04-13T10:00",  # Easter Monday
    "2026-04-14T00:30",  # the night after Easter Monday
    "2027-01-01T01:00",  # New Year's night
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_open_now_in_sql_agrees_with_the_rule(
    commerce_settings: PolisSettings, guide: dict[str, int], moment: str
) -> None:
    local = dt.datetime.fromisoformat(moment)
    expected = sorted(
        en
        for _, en, _, hours in NAMES
        if parse_hours(hours).is_open(local, holidays_around(local.date()))
    )
    found = sorted(names(commerce_settings, open_now=True, moment=Moment.at(local)))
    assert found == expected


def test_open_now_examples(commerce_settings: PolisSettings, guide: dict[str, int]) -> None:
    christmas = Moment.at(dt.datetime(2026, 12, 25, 8, 0))
    found = names(commerce_settings, open_now=True, moment=christmas)
    # the bakery keeps holiday hours from 07:00; the pharmacy is closed on holidays
    assert "Zacharenia Bougatsa" in found
    assert "Papadopoulos Pharmacy" not in found
    night = Moment.at(dt.datetime(2026, 12, 2, 0, 30))
    assert sorted(names(commerce_settings, open_now=True, moment=night)) == [
        "Beautiful Eleni Café",
        "Nikos Taverna",
    ]
