"""Fixtures of the commerce tests: a database apart from the demo's, and accounts of an
owner-to-be, another citizen and the markets department."""

from __future__ import annotations

import asyncio

import httpx
import psycopg
import pytest

from api.security.credentials import hash_password
from api.settings import PolisSettings
from layers.accounts.store import create_account


@pytest.fixture(scope="session")
def commerce_settings(import_settings: PolisSettings) -> PolisSettings:
    """The migrated database of the import tests (not the demo's): the commerce tests
    write their own businesses and licences there."""
    return import_settings


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
