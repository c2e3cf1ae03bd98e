"""Settings of participation (environment, prefix ``POLIS_PARTICIPATION_``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ParticipationSettings(BaseSettings):
    """Moderation threshold and the default consultation period."""

    model_config = SettingsConfigDict(env_prefix="POLIS_PARTICIPATION_", extra="ignore")

    report_threshold: int = Field(
        default=3, ge=1, le=100, description="reports that hide content pending review"
    )
    consultation_days: int = Field(
        default=14, ge=1, le=90, description="default consultation period (law 4622/2019: 14)"
    )
