"""Greek public holidays: the fixed ones and those that move with Orthodox Easter."""

from __future__ import annotations

import datetime as dt
from functools import cache

from dateutil.easter import EASTER_ORTHODOX, easter

#: (month, day) of the fixed national holidays.
FIXED = ((1, 1), (1, 6), (3, 25), (5, 1), (8, 15), (10, 28), (12, 25), (12, 26))
#: Days after Orthodox Easter Sunday: Clean Monday, Good Friday, Easter Sunday and Monday,
#: Whit Monday (Αγίου Πνεύματος).
MOVABLE = (-48, -2, 0, 1, 50)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """Greek national public holidays of ``year``."""
    sunday = easter(year, EASTER_ORTHODOX)
    fixed = {dt.date(year, month, day) for month, day in FIXED}
    return frozenset(fixed | {sunday + dt.timedelta(days=n) for n in MOVABLE})


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year)


def holidays_around(day: dt.date) -> frozenset[dt.date]:
    """Holidays of ``day``'s year and the year before (for the night after 31 December)."""
    return public_holidays(day.year) | public_holidays(day.year - 1)
