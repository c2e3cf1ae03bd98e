"""A throw-away database of the commerce tests (the demo database stays as it is)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from pydantic import SecretStr

from api.settings import PolisSettings
from layers.db.database import upgrade

COMMERCE_DB = "polis_commerce_tests"


@pytest.fixture(scope="session")
def commerce_settings(pg_settings: PolisSettings) -> Iterator[PolisSettings]:
    """Settings of a migrated database only the commerce tests write to."""
    base, _, _ = pg_settings.dsn.rpartition("/")
    with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(COMMERCE_DB)))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(COMMERCE_DB)))
    if pg_settings.database_url is not None:
        settings = pg_settings.model_copy(
            update={"database_url": SecretStr(f"{base}/{COMMERCE_DB}")}
        )
    else:
        settings = pg_settings.model_copy(update={"db_name": COMMERCE_DB})
    upgrade(settings)
    try:
        yield settings
    finally:
        with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
            c.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(COMMERCE_DB)
                )
            )


@pytest.fixture()
def cconn(commerce_settings: PolisSettings) -> Iterator[psycopg.Connection]:
    """An autocommit connection to the commerce database."""
    with psycopg.connect(commerce_settings.dsn, autocommit=True) as c:
        yield c
