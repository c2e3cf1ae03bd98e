"""Opening hours: the OSM ``opening_hours`` syntax Polis accepts, parsed into weekly spans
and holiday hours, and the one rule that says whether a business is open at a moment.

Accepted: ``24/7``; rules separated by ``;``, each ``[days] times|off`` where days are
``Mo``–``Su`` lists and ranges (``Mo-Fr,Su``) or ``PH`` (public holidays), and times are
``HH:MM-HH:MM`` lists. A span that closes at or before it opens runs past midnight
(``20:00-02:00``); ``24:00`` is midnight at the end of the day. A later rule replaces what
an earlier one said for its days (as in OSM). Without a ``PH`` rule, holidays keep the
regular hours.

A span belongs to the day it starts on. At a moment on day *D*: open if a span of *D*
(holiday hours when *D* is a public holiday) contains it, or a span of *D − 1* that runs
past midnight still does. The database applies the same rule to ``week_minutes`` and
``holiday_minutes`` (migration 0012), where day *d*'s spans sit in ``[d·2880, d·2880+2880)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from models.errors import InvalidInput

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_MINUTES = 1440
#: Minutes reserved per day in ``week_minutes``: a day and the night after it.
SLOT = 2 * DAY_MINUTES
FIELD = "opening_hours"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Span:
    """Open from ``opens`` to ``closes``, minutes after the start day's midnight
    (``closes`` may pass 1440: past midnight)."""

    opens: int
    closes: int


@dataclass(frozen=True)
class Hours:
    """Spans per weekday (0 = Monday) and, if given, holiday spans (None: regular hours)."""

    week: tuple[tuple[Span, ...], ...]
    holidays: tuple[Span, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``hours`` column: ``{"week": [[day, opens, closes]...], "holidays": ...}``."""
        week = [[day, s.opens, s.closes] for day, spans in enumerate(self.week) for s in spans]
        holidays = None if self.holidays is None else [[s.opens, s.closes] for s in self.holidays]
        return {"week": week, "holidays": holidays}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Hours:
        """The inverse of :meth:`to_json` (the ``hours`` column as read back)."""
        week: list[list[Span]] = [[] for _ in DAYS]
        for day, opens, closes in data.get("week", []):
            week[day].append(Span(opens, closes))
        holidays = data.get("holidays")
        return cls(
            week=tuple(tuple(spans) for spans in week),
            holidays=None if holidays is None else tuple(Span(o, c) for o, c in holidays),
        )

    def spans_on(self, day: dt.date, public_holidays: Collection[dt.date]) -> tuple[Span, ...]:
        """The spans that start on ``day``."""
        if day in public_holidays and self.holidays is not None:
            return self.holidays
        return self.week[day.weekday()]

    def is_open(self, local: dt.datetime, public_holidays: Collection[dt.date]) -> bool:
        """Whether open at the local (wall-clock) time ``local``."""
        today = local.date()
        minute = local.hour * 60 + local.minute
        if any(s.opens <= minute < s.closes for s in self.spans_on(today, public_holidays)):
            return True
        yesterday = today - dt.timedelta(days=1)
        minute += DAY_MINUTES
        return any(s.opens <= minute < s.closes for s in self.spans_on(yesterday, public_holidays))


def _bad(text: str, problem: str) -> InvalidInput:
    return InvalidInput(
        f"'{FIELD}': {problem} in {text!r} / μη αποδεκτό ωράριο: {problem}", field=FIELD
    )


def _minute(text: str, value: str) -> int:
    match = _TIME.match(value)
    if match is None:
        raise _bad(text, f"time {value!r} is not HH:MM")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise _bad(text, f"time {value!r} does not exist")
    return hour * 60 + minute


def _spans(text: str, times: str) -> tuple[Span, ...]:
    if times == "off":
        return ()
    out = []
    for part in times.split(","):
        start, sep, end = part.strip().partition("-")
        if not sep:
            raise _bad(text, f"span {part.strip()!r} has no end")
        opens, closes = _minute(text, start.strip()), _minute(text, end.strip())
        if opens == DAY_MINUTES:
            raise _bad(text, f"span {part.strip()!r} opens at 24:00")
        if closes <= opens:
            closes += DAY_MINUTES  # past midnight
        out.append(Span(opens, closes))
    return tuple(sorted(out, key=lambda s: s.opens))


def _days(text: str, selector: str) -> list[int]:
    out: list[int] = []
    for part in selector.split(","):
        first, sep, last = part.partition("-")
        if first not in DAYS or (sep and last not in DAYS):
            raise _bad(text, f"unknown day {part!r} (use Mo Tu We Th Fr Sa Su or PH)")
        a, b = DAYS.index(first), DAYS.index(last if sep else first)
        out.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return out


def parse_hours(text: str) -> Hours:
    """Parse ``text``; ``InvalidInput`` naming ``opening_hours`` and the problem."""
    text = text.strip()
    if not text:
        raise _bad(text, "empty")
    if text == "24/7":
        return Hours(week=tuple((Span(0, DAY_MINUTES),) for _ in DAYS))
    week: list[tuple[Span, ...]] = [() for _ in DAYS]
    holidays: tuple[Span, ...] | None = None
    for rule in filter(None, (r.strip() for r in text.split(";"))):
        selector, _, times = rule.partition(" ")
        if selector[:1].isdigit():  # no day selector: every day
            selector, times = "Mo-Su", rule
        times = times.strip()
        if not times:
            raise _bad(text, f"rule {rule!r} has no times")
        spans = _spans(text, times)
        if selector == "PH":
            holidays = spans
            continue
        for day in _days(text, selector):
            week[day] = spans
    return Hours(week=tuple(week), holidays=holidays)
