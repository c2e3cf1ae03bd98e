"""Database lifecycle: the embedded cluster or an external PostGIS, migrations, health."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from layers.db.cluster import EmbeddedCluster
from layers.db.settings import DatabaseSettings
from layers.registry import registry_for
from models.errors import DatabaseUnavailable

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def embedded_cluster(settings: DatabaseSettings, *, durable: bool = True) -> EmbeddedCluster:
    """The private cluster of these settings (under ``var_dir/pg``)."""
    return EmbeddedCluster(
        settings.var_dir / "pg", port=settings.db_port, user=settings.db_user, durable=durable
    )


def ensure_database(settings: DatabaseSettings) -> None:
    """Make the database reachable: start the embedded cluster and create the database.

    With ``POLIS_DATABASE_URL`` only checks the connection.
    """
    if settings.embedded:
        cluster = embedded_cluster(settings)
        cluster.start()
        cluster.ensure_database(settings.db_name)
    with connect(settings):
        pass


def connect(settings: DatabaseSettings, **kwargs: object) -> psycopg.Connection:
    """A new psycopg connection; ``DatabaseUnavailable`` with the reason when it fails."""
    try:
        return psycopg.connect(settings.dsn, connect_timeout=5, **kwargs)  # type: ignore[arg-type]
    except psycopg.OperationalError as exc:
        hint = " (is it started? `polis db start`)" if settings.embedded else ""
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(f"cannot connect to the database{hint}: {reason}") from exc


async def connect_async(settings: DatabaseSettings) -> psycopg.AsyncConnection:
    """A new async psycopg connection (commands that reuse the async stores);
    ``DatabaseUnavailable`` with the reason when it fails."""
    try:
        return await psycopg.AsyncConnection.connect(settings.dsn, connect_timeout=5)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(f"cannot connect to the database: {reason}") from exc


def alembic_config(settings: DatabaseSettings) -> Config:
    """Alembic configuration bound to the Polis database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", settings.sqlalchemy_url.replace("%", "%%"))
    return cfg


def upgrade(settings: DatabaseSettings, revision: str = "heads") -> None:
    """Apply migrations up to ``revision`` (idempotent; default every head: each domain's
    migrations may branch from the revision they were written against); then every layer
    table of the enabled domains is counted (:func:`layers.db.counts.track_layer_tables`)."""
    cfg = alembic_config(settings)
    cfg.attributes["layer_tables"] = [spec.table_name for spec in registry_for(settings)]
    command.upgrade(cfg, revision)


def head_revisions() -> tuple[str, ...]:
    """The newest migrations shipped with this code (one per branch)."""
    return tuple(ScriptDirectory.from_config(_script_only_config()).get_heads())


def _script_only_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revisions(settings: DatabaseSettings) -> tuple[str, ...]:
    """The migrations the database is at (empty when never migrated)."""
    engine = create_engine(settings.sqlalchemy_url)
    try:
        with engine.connect() as conn:
            return tuple(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


@dataclass(frozen=True)
class DatabaseHealth:
    """What ``/health`` and ``polis db status`` report about the database."""

    ok: bool
    postgres: str | None = None
    postgis: str | None = None
    pgrouting: str | None = None
    revision: str | None = None  #: the applied heads, space-separated (one per branch)
    error: str | None = None


def health(settings: DatabaseSettings) -> DatabaseHealth:
    """Versions and migration state, or the error that prevents reaching the database."""
    try:
        with connect(settings) as conn:
            row = conn.execute(
                """SELECT current_setting('server_version'),
                          (SELECT extversion FROM pg_extension WHERE extname = 'postgis'),
                          (SELECT extversion FROM pg_extension WHERE extname = 'pgrouting'),
                          to_regclass('alembic_version') IS NOT NULL"""
            ).fetchone()
            assert row is not None
            revision = None
            if row[3]:
                heads = conn.execute(
                    "SELECT version_num FROM alembic_version ORDER BY version_num"
                ).fetchall()
                revision = " ".join(r[0] for r in heads) or None
    except DatabaseUnavailable as exc:
        return DatabaseHealth(ok=False, error=exc.message)
    return DatabaseHealth(
        ok=True, postgres=row[0], postgis=row[1], pgrouting=row[2], revision=revision
    )
