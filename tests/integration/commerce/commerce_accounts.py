"""Accounts of the commerce tests: an owner-to-be, another citizen and the markets
department, signed in (used by the integration and the browser tests, each with its own
e-mail prefix)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg

from api.security.credentials import hash_password
from layers.accounts.store import create_account

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

    # a thread of its own: a browser test may already run an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, go()).result()


def sign_in_people(dsn: str, http: httpx.Client, prefix: str) -> dict[str, dict[str, str]]:
    """Authorization headers of ``owner``, ``other`` (citizens) and ``staff`` (markets)."""
    out = {}
    for name, roles in (("owner", ["citizen"]), ("other", ["citizen"]), ("staff", ["markets"])):
        email = f"{prefix}{name}@test.polis.example"
        _account(dsn, email, roles)
        r = http.post("/auth/token", data={"username": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        out[name] = {"Authorization": f"Bearer {r.json()['access_token']}"}
    return out
