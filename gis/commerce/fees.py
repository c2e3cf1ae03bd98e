"""Stall fees from geometry: a stall's area × its market's rate per m² and month × the
months of the period (a part month counted by its days)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def months_in(start: dt.date, end: dt.date) -> Decimal:
    """Months from ``start`` to ``end`` inclusive: whole months count 1, a part month its
    share of days."""
    if end < start:
        raise ValueError("period ends before it starts")
    total = Decimal(0)
    day = start
    while day <= end:
        length = calendar.monthrange(day.year, day.month)[1]
        last = min(end, dt.date(day.year, day.month, length))
        total += Decimal((last - day).days + 1) / Decimal(length)
        day = last + dt.timedelta(days=1)
    return total


def stall_fee(area_m2: float, rate_per_m2: Decimal, start: dt.date, end: dt.date) -> Decimal:
    """The fee in euros, rounded half up to the cent."""
    amount = Decimal(str(area_m2)) * Decimal(rate_per_m2) * months_in(start, end)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
