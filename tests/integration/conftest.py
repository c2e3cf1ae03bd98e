"""A second throw-away database for import tests, so the demo database stays as it is."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from pydantic import SecretStr

from api.settings import PolisSettings
from layers.db.database import upgrade
from layers.imports.gtfs import GTFS_TABLES
from layers.registry import default_registry

IMPORT_DB = "polis_import_tests"


@pytest.fixture(scope="session")
def import_settings(pg_settings: PolisSettings) -> Iterator[PolisSettings]:
    """Settings of a migrated, empty database on the test server, only for import tests."""
    base, _, _ = pg_settings.dsn.rpartition("/")
    with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(IMPORT_DB)))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(IMPORT_DB)))
    if pg_settings.database_url is not None:
        settings = pg_settings.model_copy(update={"database_url": SecretStr(f"{base}/{IMPORT_DB}")})
    else:
        settings = pg_settings.model_copy(update={"db_name": IMPORT_DB})
    upgrade(settings)
    try:
        yield settings
    finally:
        with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
            c.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(IMPORT_DB))
            )


@pytest.fixture()
def import_conn(import_settings: PolisSettings) -> Iterator[psycopg.Connection]:
    """An autocommit connection to the import database, emptied before the test."""
    with psycopg.connect(import_settings.dsn, autocommit=True) as c:
        tables = [spec.table_name for spec in default_registry()]
        names = sql.SQL(", ").join(
            sql.Identifier(t) for t in [*tables, "feature_keys", *GTFS_TABLES]
        )
        c.execute(
            # CASCADE: record tables of the domains that refer to layers (offers, stall
            # allocations…) go with them
            sql.SQL("TRUNCATE {}, layer_sources, raster_catalogue RESTART IDENTITY CASCADE").format(
                names
            )
        )
        yield c
