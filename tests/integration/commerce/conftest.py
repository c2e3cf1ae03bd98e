"""A throw-away database of the commerce tests (the demo database stays as it is)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from psycopg import sql
from pydantic import SecretStr

from api.security.credentials import hash_password
from api.settings import PolisSettings
from layers.accounts.store import create_account
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


PASSWORD = "guide owner battery staple"


def _account(dsn: str, email: str, roles: list[str]) -> None:
    async def go() -> None:
        async with await psycopg.AsyncConnection.connect(dsn) as c:
            await create_account(
                c,
                email=email,
                display_name=email.split("@")[0],
                password_hash=hash_password(PASSWORD),
                roles=roles,
                verified=True,
            )
            await c.commit()

    asyncio.run(go())


@pytest.fixture(scope="session")
def people(demo_settings: PolisSettings, http: httpx.Client) -> dict[str, dict[str, str]]:
    """Headers of an owner-to-be, another citizen and a markets (guide) staff member."""
    out = {}
    for name, roles in (("owner", ["citizen"]), ("other", ["citizen"]), ("staff", ["markets"])):
        email = f"guide-{name}@test.polis.example"
        _account(demo_settings.dsn, email, roles)
        r = http.post("/auth/token", data={"username": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        out[name] = {"Authorization": f"Bearer {r.json()['access_token']}"}
    return out
