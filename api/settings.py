"""All the settings of a Polis process (environment variables prefixed ``POLIS_``):
the service tier's plus what only the web application and the CLI use — security,
CORS, rate limits, mail, OpenID Connect, the MQTT broker. Built by ``create_app`` /
the CLI and passed down; the tiers below see only their own part."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr

from layers.ogc.settings import ServiceSettings


class PolisSettings(ServiceSettings):
    """Every knob of a Polis process (see the README's settings table)."""

    mqtt_host: str = "127.0.0.1"
    mqtt_port: int = Field(default=1883, ge=1, le=65535)
    environment: Literal["development", "production"] = "development"
    secret_key: SecretStr | None = Field(
        default=None,
        description="signs access tokens; required (>= 32 chars) in production. In "
        "development a random key is kept in var_dir/secret_key",
    )
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=365)
    cors_origins: list[str] = Field(
        default=["*"], description="origins whose pages may read Polis's data"
    )
    cors_write_origins: list[str] = Field(
        default=[], description="origins whose pages may send changes (none: same origin)"
    )
    max_body_bytes: int = Field(default=5_000_000, ge=1_000)
    login_rate: str = Field(default="5/minute", description="failed logins per account and IP")
    register_rate: str = Field(default="10/hour", description="registrations per IP")
    write_rate: str = Field(default="120/minute", description="edits per account")
    audit_retention_days: int = Field(default=730, ge=1)
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str | None = Field(
        default=None, description="sender of Polis's mail; the profile's mail_from when unset"
    )
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_authorize_url: str | None = None
    oidc_token_url: str | None = None
    oidc_jwks_url: str | None = None
    dask_scheduler: str | None = Field(
        default=None,
        description="address of the Dask scheduler `polis worker` runs jobs on "
        "(tcp://host:8786); unset: a LocalCluster of dask_workers processes",
    )
    dask_workers: int = Field(default=2, ge=1, le=256, description="LocalCluster processes")
    dask_threads: int = Field(
        default=1, ge=1, le=64, description="threads per LocalCluster process"
    )

    @property
    def mail_sender(self) -> str:
        """The From address of Polis's mail."""
        return self.mail_from or self.municipality.mail_from

    @property
    def oidc_enabled(self) -> bool:
        """True when an OpenID Connect provider is configured."""
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_authorize_url)

    @property
    def outbox_dir(self) -> Path:
        """Where mail goes when no SMTP server is configured (development)."""
        return self.var_dir / "outbox"
