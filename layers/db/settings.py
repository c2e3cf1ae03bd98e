"""Polis settings (environment variables prefixed ``POLIS_``), built by the caller and passed down."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Self

from pydantic import Field, PrivateAttr, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from layers.db.profile import load_profile
from models.profile import MunicipalityProfile

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The municipality a Polis installation serves when ``POLIS_PROFILE`` is unset.
DEFAULT_PROFILE = REPO_ROOT / "data" / "profiles" / "karditsa.toml"


class DatabaseSettings(BaseSettings):
    """What the database tier needs: where the database is, its pools and time limits,
    the runtime and raster directories, and the municipality profile (with the enabled
    domains). Each tier above extends it with its own knobs only
    (``layers.ogc.settings.ServiceSettings``, ``api.settings.PolisSettings``).

    With no ``database_url`` Polis runs its own PostgreSQL cluster under ``var_dir``
    (the embedded default); with one, any PostGIS server. The municipality (names,
    centre, licence, contact, enabled domains) is the ``profile`` file, read when the
    settings are built (:attr:`municipality`).
    """

    model_config = SettingsConfigDict(env_prefix="POLIS_", env_file=None, extra="ignore")

    profile: Path = Field(
        default=DEFAULT_PROFILE, description="the municipality profile (TOML file)"
    )
    database_url: SecretStr | None = Field(
        default=None, description="postgresql://user:pass@host:port/db of an external PostGIS"
    )
    var_dir: Path = Field(default=REPO_ROOT / "var", description="runtime state (cluster, config)")
    raster_store: Path | None = Field(
        default=None,
        description="directory of the database's raster files (DEM, slope, hazard outputs); "
        "by default var_dir/rasters/<database>, one per database. Application servers of one "
        "database share it by pointing at the same directory",
    )
    db_port: int = Field(default=55432, ge=1024, le=65535, description="embedded cluster port")
    db_name: str = Field(default="polis", pattern=r"^[a-z_][a-z0-9_]*$")
    db_user: str = Field(default="polis", pattern=r"^[a-z_][a-z0-9_]*$")
    pool_min: int = Field(default=2, ge=1, le=64)
    pool_max: int = Field(default=10, ge=1, le=256)
    statement_timeout_ms: int = Field(
        default=10_000, ge=100, le=600_000, description="time limit of every serving query"
    )
    domains: list[str] | None = Field(
        default=None,
        description="enabled domains (layers.<name> or a dotted package path); when unset "
        "the profile's, or all when the profile names none",
    )

    _municipality: MunicipalityProfile = PrivateAttr()

    @model_validator(mode="after")
    def _load_profile(self) -> Self:
        self._municipality = load_profile(self.profile)
        if self.domains is None and self._municipality.domains is not None:
            self.domains = list(self._municipality.domains)
        return self

    @property
    def municipality(self) -> MunicipalityProfile:
        """The municipality Polis serves (read from :attr:`profile` with the settings)."""
        return self._municipality

    @property
    def embedded(self) -> bool:
        """True when Polis manages its own cluster under ``var_dir``."""
        return self.database_url is None

    @property
    def runtime_dir(self) -> Path:
        """Where generated files (pygeoapi config, OpenAPI) are written."""
        return self.var_dir / "run"

    @property
    def raster_dir(self) -> Path:
        """The raster store: ``raster_store``, or ``var_dir/rasters/<database key>``.

        The default is separate per database (:attr:`database_key`), so an import into
        one database never touches the files another database's servers read.
        """
        if self.raster_store is not None:
            return self.raster_store.expanduser()
        return self.var_dir / "rasters" / self.database_key

    @property
    def database_key(self) -> str:
        """A short, stable, file-name-safe identity of the database: its name and a hash
        of (host, port, name), e.g. ``polis-3f9a0c2b1d``. Credentials play no part."""
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(self.dsn)
        name = str(info.get("dbname") or info.get("user") or "postgres")
        host = str(info.get("host") or info.get("hostaddr") or "localhost").lower()
        identity = f"{host}:{info.get('port') or 5432}/{name}"
        digest = hashlib.sha256(identity.encode()).hexdigest()[:10]
        return f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)[:40]}-{digest}"

    @property
    def dsn(self) -> str:
        """libpq connection string of the Polis database."""
        if self.database_url is not None:
            url = self.database_url.get_secret_value()
            return url.replace("postgresql+psycopg://", "postgresql://", 1)
        return f"postgresql://{self.db_user}@127.0.0.1:{self.db_port}/{self.db_name}"

    @property
    def sqlalchemy_url(self) -> str:
        """The same database as a SQLAlchemy URL using psycopg 3."""
        return self.dsn.replace("postgresql://", "postgresql+psycopg://", 1)
