"""Requests of the routing, barrier and crossing endpoints (pydantic: every error names
its field)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.enums import BarrierReason, Surface

#: A CRS84 position: [longitude, latitude].
LonLat = tuple[
    Annotated[float, Field(ge=-180, le=180)],
    Annotated[float, Field(ge=-90, le=90)],
]
PROFILE_NAMES = ("manual_wheelchair", "powered_wheelchair", "walker", "blind", "pedestrian")
ProfileName = Literal["manual_wheelchair", "powered_wheelchair", "walker", "blind", "pedestrian"]


class RouteOverrides(BaseModel):
    """Per-request changes to the profile (unset: the profile's value)."""

    model_config = ConfigDict(extra="forbid")

    max_uphill: float | None = Field(default=None, ge=0, le=100, description="percent")
    max_downhill: float | None = Field(default=None, ge=0, le=100, description="percent")
    max_kerb_height: float | None = Field(default=None, ge=0, le=1, description="metres")
    min_width: float | None = Field(default=None, ge=0, le=20, description="metres")
    avoid_steps: bool | None = None
    allowed_surfaces: list[Surface] | None = Field(default=None, min_length=1)
    avoid_unmarked_crossings: bool | None = None
    prefer_sound_signals: bool | None = None


class RouteRequest(BaseModel):
    """From, to, profile and overrides."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: LonLat = Field(alias="from")
    end: LonLat = Field(alias="to")
    profile: ProfileName = "pedestrian"
    overrides: RouteOverrides = Field(default_factory=lambda: RouteOverrides())


class WalkshedRequest(BaseModel):
    """Everything reachable from ``from`` within ``minutes``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: LonLat = Field(alias="from")
    minutes: float = Field(default=10, gt=0, le=60)
    profile: ProfileName = "pedestrian"
    overrides: RouteOverrides = Field(default_factory=lambda: RouteOverrides())


class NearestRequest(BaseModel):
    """The nearest accessible entrance (public building), bus stop or disabled bay."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: LonLat = Field(alias="from")
    kind: Literal["entrance", "stop", "bay"]
    profile: ProfileName = "pedestrian"
    count: int = Field(default=3, ge=1, le=10)
    overrides: RouteOverrides = Field(default_factory=lambda: RouteOverrides())


class BarrierReportIn(BaseModel):
    """A citizen's barrier report; ``photo`` is base64 (JPEG, PNG or WebP, <= 2 MB)."""

    model_config = ConfigDict(extra="forbid")

    position: LonLat
    reason: BarrierReason
    note: str | None = Field(default=None, max_length=500)
    photo: str | None = Field(default=None, max_length=2_800_000)
    expires_in_hours: int = Field(default=72, ge=1, le=720)

    @field_validator("note")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class ExtensionRequestIn(BaseModel):
    """A device asking for a longer pedestrian phase."""

    model_config = ConfigDict(extra="forbid")

    device: str = Field(min_length=4, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
