"""Settings of the OGC serving tier: the public address and paging limits."""

from __future__ import annotations

from pydantic import Field

from layers.db.settings import DatabaseSettings


class ServiceSettings(DatabaseSettings):
    """What the OGC data path and the pygeoapi configuration need besides the database."""

    public_url: str = Field(
        default="http://127.0.0.1:8000", description="base URL clients use to reach Polis"
    )
    max_response_bytes: int = Field(
        default=32_000_000, ge=100_000, description="an items page stops growing past this"
    )
    default_limit: int = Field(default=10, ge=1, le=10_000)
    max_limit: int = Field(default=10_000, ge=1, le=100_000)
