"""Checking incoming observations: each item becomes a :class:`Reading` or a
:class:`Rejection` naming the field and the reason. Pure: the datastream rules and the
clock are passed in."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from models.observations import DatastreamRule, Reading, Rejection
from models.sensors import RejectReason

#: Longest accepted message id (the column's width).
MAX_MESSAGE_ID = 100


@dataclass(frozen=True)
class Window:
    """The admissible phenomenon times: not before ``oldest``, not after ``latest``."""

    oldest: dt.datetime
    latest: dt.datetime

    @classmethod
    def around(cls, now: dt.datetime, *, retention_days: int, max_future_s: int) -> Window:
        return cls(
            now - dt.timedelta(days=retention_days), now + dt.timedelta(seconds=max_future_s)
        )


def payload_items(body: bytes) -> list[Any] | Rejection:
    """The JSON body (an object or an array of objects) as a list of items."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return Rejection(RejectReason.MALFORMED, "body", f"not JSON: {exc}", _text(body))
    items = data if isinstance(data, list) else [data]
    if not items:
        return Rejection(RejectReason.MALFORMED, "body", "empty array", _text(body))
    return items


def check_item(
    item: Any,
    datastream_id: int,
    rule: DatastreamRule | None,
    window: Window,
) -> Reading | Rejection:
    """One observation ``{"phenomenonTime", "result", "id"?, "unit"?}`` of ``datastream_id``."""
    raw = orjson.dumps(item).decode()

    def reject(reason: RejectReason, field: str, detail: str) -> Rejection:
        return Rejection(reason, field, detail, raw, datastream_id)

    if rule is None:
        return reject(
            RejectReason.UNKNOWN_DATASTREAM, "datastream", f"no datastream {datastream_id}"
        )
    if not isinstance(item, Mapping):
        return reject(RejectReason.MALFORMED, "body", "an observation is a JSON object")
    time = parse_time(item.get("phenomenonTime"))
    if isinstance(time, str):
        return reject(RejectReason.BAD_TIME, "phenomenonTime", time)
    if time > window.latest:
        return reject(RejectReason.FUTURE_TIME, "phenomenonTime", f"{time.isoformat()} is ahead")
    if time < window.oldest:
        return reject(RejectReason.TOO_OLD, "phenomenonTime", f"{time.isoformat()} is too old")
    result = item.get("result")
    if isinstance(result, bool) or not isinstance(result, int | float) or not math.isfinite(result):
        return reject(RejectReason.NON_NUMERIC, "result", f"{result!r} is not a number")
    low, high = rule.valid_min, rule.valid_max
    if (low is not None and result < low) or (high is not None and result > high):
        return reject(RejectReason.OUT_OF_RANGE, "result", f"{result} outside [{low}, {high}]")
    unit = item.get("unit")
    if unit is not None and unit != rule.unit_symbol:
        return reject(RejectReason.WRONG_UNIT, "unit", f"{unit!r}, expected {rule.unit_symbol!r}")
    message_id = item.get("id", "")
    if isinstance(message_id, bool) or not isinstance(message_id, str | int):
        return reject(RejectReason.MALFORMED, "id", "a message id is a string or an integer")
    message_id = str(message_id)
    if len(message_id) > MAX_MESSAGE_ID:
        return reject(RejectReason.MALFORMED, "id", f"longer than {MAX_MESSAGE_ID} characters")
    return Reading(datastream_id, time, float(result), message_id)


def check_body(
    body: bytes,
    datastream_id: int,
    rules: Mapping[int, DatastreamRule],
    window: Window,
) -> Iterator[Reading | Rejection]:
    """Every observation of one message body."""
    items = payload_items(body)
    if isinstance(items, Rejection):
        yield Rejection(items.reason, items.field, items.detail, items.payload, datastream_id)
        return
    rule = rules.get(datastream_id)
    for item in items:
        yield check_item(item, datastream_id, rule, window)


def parse_time(value: Any) -> dt.datetime | str:
    """An ISO 8601 instant with its offset, or the problem as text."""
    if not isinstance(value, str):
        return "an ISO 8601 date-time string is required"
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not an ISO 8601 date-time"
    if parsed.tzinfo is None:
        return f"{value!r} has no time zone (add Z or an offset)"
    return parsed.astimezone(dt.UTC)


def _text(body: bytes) -> str:
    return body[:2000].decode("utf-8", errors="replace")
