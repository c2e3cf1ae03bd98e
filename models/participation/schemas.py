"""Pydantic input of the participation routes (every error names its field)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from shapely.errors import GEOSException
from shapely.geometry import shape

from models.participation.enums import (
    Answer,
    BallotKind,
    ContentKind,
    CountingRule,
    PlaceKind,
    Progress,
    Stance,
    Verdict,
)

GEOMETRY_TYPES = ("Point", "LineString", "Polygon")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: Where positions may lie (lon, lat): the area of use of the Greek Grid, EPSG:2100.
GREEK_GRID_AREA = (19.57, 34.88, 28.3, 41.75)


class GeoJSONGeometry(_Strict):
    """A GeoJSON point, line or polygon in CRS84, inside the Greek Grid's area of use."""

    type: Literal["Point", "LineString", "Polygon"]
    coordinates: list[Any]

    @model_validator(mode="after")
    def _shape(self) -> GeoJSONGeometry:
        try:
            geometry = shape(self.model_dump())
        except (ValueError, TypeError, IndexError, AttributeError, GEOSException) as exc:
            raise ValueError(f"not a valid GeoJSON {self.type}: {exc}") from None
        if geometry.is_empty:
            raise ValueError("the geometry is empty")
        west, south, east, north = GREEK_GRID_AREA
        minx, miny, maxx, maxy = geometry.bounds
        if minx < west or maxx > east or miny < south or maxy > north:
            raise ValueError(
                "coordinates must be longitude, latitude inside Greece "
                f"({west}..{east} E, {south}..{north} N)"
            )
        return self


class BudgetCreate(_Strict):
    neighbourhood: str | None = Field(default=None, max_length=200)
    amount: int = Field(gt=0, le=1_000_000_000)


class ProcessCreate(_Strict):
    title_el: str = Field(min_length=3, max_length=200)
    title_en: str = Field(min_length=3, max_length=200)
    description_el: str = Field(default="", max_length=10_000)
    description_en: str = Field(default="", max_length=10_000)
    proposals_from: dt.datetime
    review_from: dt.datetime
    voting_from: dt.datetime
    voting_until: dt.datetime
    implementation_from: dt.datetime
    ballot_kind: BallotKind = BallotKind.KNAPSACK
    rule: CountingRule = CountingRule.EQUAL_SHARES
    min_share: float = Field(default=0.0, ge=0, le=1)
    min_age: int = Field(default=17, ge=0, le=120)
    budgets: list[BudgetCreate] = Field(min_length=1, max_length=200)

    @field_validator("budgets")
    @classmethod
    def _one_per_scope(cls, value: list[BudgetCreate]) -> list[BudgetCreate]:
        scopes = [b.neighbourhood for b in value]
        twice = sorted({s or "city-wide" for s in scopes if scopes.count(s) > 1})
        if twice:
            raise ValueError(f"one budget per neighbourhood (and one city-wide): {twice} repeated")
        return value

    @model_validator(mode="after")
    def _order(self) -> ProcessCreate:
        dates = [
            self.proposals_from,
            self.review_from,
            self.voting_from,
            self.voting_until,
            self.implementation_from,
        ]
        if any(d.tzinfo is None for d in dates):
            raise ValueError("dates must carry a time zone (e.g. 2026-03-01T00:00:00+02:00)")
        if not all(a < b for a, b in pairwise(dates[:4])) or dates[3] > dates[4]:
            raise ValueError(
                "phases must follow each other: proposals_from < review_from < voting_from "
                "< voting_until <= implementation_from"
            )
        return self


class ProcessDates(_Strict):
    proposals_from: dt.datetime | None = None
    review_from: dt.datetime | None = None
    voting_from: dt.datetime | None = None
    voting_until: dt.datetime | None = None
    implementation_from: dt.datetime | None = None


class ProposalCreate(_Strict):
    title: str = Field(min_length=3, max_length=200)
    description: str = Field(min_length=10, max_length=5_000)
    estimated_cost: int = Field(gt=0, le=1_000_000_000, description="whole euros")
    neighbourhood: str | None = Field(
        default=None, max_length=200, description="the budget drawn on (None: city-wide)"
    )
    geometry: GeoJSONGeometry


class ProposalReview(_Strict):
    verdict: Literal[Verdict.FEASIBLE, Verdict.NOT_FEASIBLE]
    reviewed_cost: int | None = Field(default=None, gt=0, le=1_000_000_000)
    answer: str = Field(min_length=3, max_length=5_000)


class ProgressUpdate(_Strict):
    progress: Progress


class BallotIn(_Strict):
    projects: list[int] = Field(max_length=500)


class CensusVerification(_Strict):
    document_number: str = Field(min_length=4, max_length=40)
    birth_year: int = Field(ge=1900, le=2100)


class CodeVerification(_Strict):
    code: str = Field(min_length=6, max_length=40)


class PostalCodeRequest(_Strict):
    birth_year: int = Field(ge=1900, le=2100)
    neighbourhood: str = Field(min_length=1, max_length=200)


class PostalCodesCreate(_Strict):
    entries: list[PostalCodeRequest] = Field(min_length=1, max_length=10_000)


class ReportIn(_Strict):
    kind: ContentKind
    target_id: int
    reason: str = Field(min_length=3, max_length=500)


class ModerationDecision(_Strict):
    action: Literal["restored", "removed"]
    reason: str = Field(min_length=3, max_length=2_000)


class CommentCreate(_Strict):
    stance: Stance
    body: str = Field(min_length=3, max_length=5_000)

    @field_validator("body")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class CommentAnswer(_Strict):
    answer: Answer
    reason: str = Field(min_length=3, max_length=5_000)


class FinalText(_Strict):
    text: str = Field(min_length=1, max_length=100_000)


class PlaceCreate(_Strict):
    kind: PlaceKind
    name: str = Field(min_length=1, max_length=200)
    geometry: GeoJSONGeometry


class PeriodUpdate(_Strict):
    closes_at: dt.datetime

    @field_validator("closes_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("give a time zone (e.g. +02:00)")
        return value
