"""Incoming observations after checking: accepted readings and rejections (no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.sensors import RejectReason


@dataclass(frozen=True)
class DatastreamRule:
    """What an observation of a datastream must satisfy."""

    id: int
    unit_symbol: str
    valid_min: float | None
    valid_max: float | None


@dataclass(frozen=True)
class Reading:
    """An observation that passed every check."""

    datastream_id: int
    phenomenon_time: dt.datetime
    result: float
    message_id: str = ""


@dataclass(frozen=True)
class Rejection:
    """An observation that failed a check: the reason, the field and the original text."""

    reason: RejectReason
    field: str
    detail: str
    payload: str
    datastream_id: int | None = None

    @property
    def message(self) -> str:
        """Greek and English, naming the field."""
        return f"{self.field}: {self.reason.el} / {self.reason.en} ({self.detail})"
