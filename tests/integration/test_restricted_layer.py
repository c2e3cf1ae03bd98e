"""A layer only some roles may read: every kind of read route, each role (in-process app
built with a registry where ``flood_zones`` is restricted to civil protection)."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import PolisSettings
from layers.registry import Registry, default_registry
from models.auth import Role

ROUTES = [
    "/ogc/collections/flood_zones/items",
    "/ogc/collections/flood_zones/items/1",
]


@pytest.fixture(scope="module")
def client(
    demo_settings: PolisSettings, server: str, unused_port: Callable[[], int]
) -> Iterator[httpx.Client]:
    """The app served by uvicorn in a thread of the test process, on a free port."""
    specs = [
        dataclasses.replace(s, read_roles=frozenset({Role.CIVIL_PROTECTION}))
        if s.id == "flood_zones"
        else s
        for s in default_registry()
    ]
    port = unused_port()
    settings = demo_settings.model_copy(update={"public_url": f"http://127.0.0.1:{port}"})
    config = uvicorn.Config(create_app(settings, Registry(specs)), port=port, log_level="error")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    while not uv.started:
        assert thread.is_alive(), "the in-process server did not start"
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=settings.public_url, timeout=30) as http_client:
            yield http_client
    finally:
        uv.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module")
def civil_protection(client: httpx.Client, accounts: dict[str, str]) -> dict[str, str]:
    body = {
        "email": "politiki.prostasia@karditsa.gr",
        "display_name": "Πολιτική Προστασία",
        "password": "correct horse battery staple",
        "roles": ["civil_protection"],
    }
    admin = client.post(
        "/auth/token",
        data={"username": accounts["admin"], "password": "correct horse battery staple"},
    ).json()["access_token"]
    assert client.post("/auth/users", json=body, headers={"Authorization": f"Bearer {admin}"})
    token = client.post(
        "/auth/token", data={"username": body["email"], "password": body["password"]}
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("route", ROUTES)
def test_each_role_on_each_route(
    client: httpx.Client,
    tokens: dict[str, dict[str, str]],
    civil_protection: dict[str, str],
    route: str,
) -> None:
    first = client.get("/ogc/collections/flood_zones/items", headers=civil_protection).json()
    route = route.replace("/1", f"/{first['features'][0]['id']}")
    assert client.get(route).status_code == 401
    assert client.get(route, headers=tokens["citizen"]).status_code == 403
    assert client.get(route, headers=tokens["parking"]).status_code == 403
    assert client.get(route, headers=civil_protection).status_code == 200
    assert client.get(route, headers=tokens["admin"]).status_code == 200


def test_restricted_layer_is_not_listed(client: httpx.Client) -> None:
    ids = [
        c["id"] for c in client.get("/ogc/collections", params={"f": "json"}).json()["collections"]
    ]
    assert "flood_zones" not in ids and "trees" in ids
    assert client.get("/ogc/collections/flood_zones", params={"f": "json"}).status_code == 404
