"""Opening hours: the accepted syntax, spans past midnight, public holidays, Greek Easter."""

from __future__ import annotations

import datetime as dt

import pytest

from layers.commerce.holidays import is_public_holiday, public_holidays
from layers.commerce.hours import Hours, Span, parse_hours
from models.errors import InvalidInput

NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_split_shop_hours() -> None:
    hours = parse_hours("Mo,We,Sa 09:00-15:00; Tu,Th,Fr 09:00-14:30,17:30-21:00")
    assert hours.week[1] == (Span(540, 870), Span(1050, 1260))
    assert hours.week[6] == ()
    # Tuesday 2026-12-01: closed in the afternoon break, open in the evening
    assert not hours.is_open(at("2026-12-01T16:00"), NO_HOLIDAYS)
    assert hours.is_open(at("2026-12-01T18:00"), NO_HOLIDAYS)
    assert not hours.is_open(at("2026-12-01T21:00"), NO_HOLIDAYS)  # closing minute is closed


def test_past_midnight_belongs_to_the_day_it_starts() -> None:
    hours = parse_hours("Fr-Sa 20:00-03:00; Su off")
    assert hours.week[4] == (Span(1200, 1620),)
    assert hours.is_open(at("2026-12-05T02:30"), NO_HOLIDAYS)  # Saturday night, from Friday
    assert hours.is_open(at("2026-12-06T02:30"), NO_HOLIDAYS)  # Sunday night, from Saturday
    assert not hours.is_open(at("2026-12-07T02:30"), NO_HOLIDAYS)  # Monday: Sunday is off
    assert not hours.is_open(at("2026-12-04T02:30"), NO_HOLIDAYS)  # Thursday closed
    # Sunday's night runs into Monday across the week's end
    late = parse_hours("Su 22:00-02:00")
    assert late.is_open(at("2026-12-07T01:00"), NO_HOLIDAYS)


def test_json_round_trip() -> None:
    hours = parse_hours("Mo-Fr 08:00-14:00,17:00-02:00; PH 10:00-12:00")
    assert Hours.from_json(hours.to_json()) == hours


def test_midnight_as_24_and_24_7() -> None:
    assert parse_hours("Mo-Su 12:00-24:00").week[0] == (Span(720, 1440),)
    always = parse_hours("24/7")
    assert always.is_open(at("2026-12-25T03:00"), public_holidays(2026))


def test_holiday_rules_replace_the_weekday() -> None:
    hours = parse_hours("Mo-Sa 08:00-14:00; PH off")
    christmas = at("2026-12-25T10:00")  # a Friday
    assert not hours.is_open(christmas, public_holidays(2026))
    assert hours.is_open(christmas, NO_HOLIDAYS)
    special = parse_hours("Mo-Sa 08:00-14:00; PH 10:00-13:00")
    assert special.is_open(christmas, public_holidays(2026))
    assert not special.is_open(at("2026-12-25T09:00"), public_holidays(2026))
    # without a PH rule, holidays keep the regular hours
    assert parse_hours("Mo-Sa 08:00-14:00").is_open(christmas, public_holidays(2026))


def test_night_before_a_holiday_keeps_its_regular_end() -> None:
    # 24 Dec 2026 (Thursday) 20:00-02:00 runs into Christmas although Christmas is off
    hours = parse_hours("Mo-Su 20:00-02:00; PH off")
    assert hours.is_open(at("2026-12-25T01:00"), public_holidays(2026))
    assert not hours.is_open(at("2026-12-26T01:00"), public_holidays(2026))


@pytest.mark.parametrize(
    ("year", "sunday"),
    [(2024, dt.date(2024, 5, 5)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 12))],
)
def test_greek_easter_and_the_holidays_it_moves(year: int, sunday: dt.date) -> None:
    days = public_holidays(year)
    assert sunday in days
    assert sunday - dt.timedelta(days=2) in days  # Good Friday
    assert sunday + dt.timedelta(days=1) in days  # Easter Monday
    assert sunday - dt.timedelta(days=48) in days  # Clean Monday
    assert sunday + dt.timedelta(days=50) in days  # Whit Monday
    assert not is_public_holiday(sunday - dt.timedelta(days=1))


def test_easter_monday_closes_a_shop() -> None:
    hours = parse_hours("Mo-Fr 09:00-17:00; PH off")
    assert not hours.is_open(at("2026-04-13T10:00"), public_holidays(2026))
    assert hours.is_open(at("2026-04-14T10:00"), public_holidays(2026))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("Mo-Fr", "no times"),
        ("Xx 09:00-10:00", "unknown day"),
        ("Mo 9-17", "not HH:MM"),
        ("Mo 25:00-26:00", "does not exist"),
        ("Mo 09:00", "no end"),
    ],
)
def test_bad_hours_name_the_field(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_hours(text)
    assert info.value.field == "opening_hours"
    assert problem in info.value.message
