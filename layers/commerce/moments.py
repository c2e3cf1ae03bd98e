"""A moment as the guide's SQL reads it: Athens wall-clock time, the minute keys of
``week_minutes``/``holiday_minutes`` (see ``layers.commerce.hours``) and whether today and
yesterday are public holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from layers.commerce.holidays import is_public_holiday
from layers.commerce.hours import DAY_MINUTES, SLOT

ATHENS = ZoneInfo("Europe/Athens")


@dataclass(frozen=True)
class Moment:
    local: dt.datetime

    @classmethod
    def at(cls, when: dt.datetime | None) -> Moment:
        """``when`` (naive: Athens time) or now, in Athens."""
        if when is None:
            when = dt.datetime.now(ATHENS)
        elif when.tzinfo is None:
            when = when.replace(tzinfo=ATHENS)
        return cls(when.astimezone(ATHENS))

    def params(self) -> dict[str, Any]:
        """Bound values of :data:`OPEN_SQL`."""
        today = self.local.date()
        yesterday = today - dt.timedelta(days=1)
        minute = self.local.hour * 60 + self.local.minute
        return {
            "today_holiday": is_public_holiday(today),
            "yesterday_holiday": is_public_holiday(yesterday),
            "minute": minute,
            "night_minute": minute + DAY_MINUTES,
            "week_today": today.weekday() * SLOT + minute,
            "week_yesterday": yesterday.weekday() * SLOT + DAY_MINUTES + minute,
        }


#: Whether business ``b`` is open at the moment of :meth:`Moment.params` (NULL: no hours).
OPEN_SQL = """CASE WHEN b.hours IS NULL THEN NULL ELSE (
  CASE WHEN %(today_holiday)s AND b.holiday_minutes IS NOT NULL
       THEN b.holiday_minutes @> %(minute)s::int ELSE b.week_minutes @> %(week_today)s::int END
  OR CASE WHEN %(yesterday_holiday)s AND b.holiday_minutes IS NOT NULL
       THEN b.holiday_minutes @> %(night_minute)s::int ELSE b.week_minutes @> %(week_yesterday)s::int END
) END"""
