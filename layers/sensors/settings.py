"""Settings of the sensor ingest (environment variables ``POLIS_SENSOR_*``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SensorSettings(BaseSettings):
    """Retention, partitions, admission window and batching of observations."""

    model_config = SettingsConfigDict(env_prefix="POLIS_SENSOR_", env_file=None, extra="ignore")

    retention_days: int = Field(
        default=90, ge=1, le=3650, description="observations older than this are dropped"
    )
    partitions_ahead_days: int = Field(default=3, ge=1, le=60)
    max_future_s: int = Field(default=300, ge=0, description="how far in the future a time may be")
    batch_size: int = Field(default=5000, ge=1, le=100_000)
    batch_ms: int = Field(default=50, ge=1, le=10_000, description="longest wait to fill a batch")
    client_id: str = Field(default="polis-ingest", min_length=1, max_length=64)
    qos: int = Field(default=1, ge=0, le=1)
