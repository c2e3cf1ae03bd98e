"""Secure headers, CORS, request-size limit, production secrets, OpenAPI fuzzing."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from api.security.credentials import resolve_secret
from api.settings import PolisSettings
from models.errors import ConfigurationError


@pytest.mark.parametrize("path", ["/health", "/ogc/collections", "/ogc/collections/trees/items"])
def test_secure_headers(http: httpx.Client, path: str) -> None:
    headers = http.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def preflight(http: httpx.Client, origin: str, method: str) -> httpx.Response:
    return http.options(
        "/ogc/collections/trees/items",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "Authorization, If-Match",
        },
    )


def test_cors_preflight_for_editing(http: httpx.Client) -> None:
    """The test server allows writes from https://gis.example.org only (conftest)."""
    r = preflight(http, "https://gis.example.org", "POST")
    assert r.status_code == 200
    assert "POST" in r.headers["access-control-allow-methods"]


def test_cors_refuses_writes_from_other_origins(http: httpx.Client) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        r = preflight(http, "https://elsewhere.example.com", method)
        assert r.status_code == 400, method
        assert "access-control-allow-origin" not in r.headers
    reads = preflight(http, "https://elsewhere.example.com", "GET")
    assert reads.status_code == 200
    got = http.get("/ogc/collections", headers={"Origin": "https://elsewhere.example.com"})
    assert got.headers["access-control-allow-origin"] == "*"


def test_413_has_secure_headers(http: httpx.Client) -> None:
    r = http.post(
        "/auth/register", content=b"x" * 6_000_000, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert r.headers["x-content-type-options"] == "nosniff"


def test_oversized_body_is_413(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> None:
    r = http.post(
        "/ogc/collections/trees/items",
        content=b"x" * 6_000_000,
        headers={**tokens["green"], "Content-Type": "application/geo+json"},
    )
    assert r.status_code == 413


@pytest.mark.parametrize("secret", [None, "changeme", "short-secret"])
def test_production_refuses_placeholder_secrets(tmp_path: object, secret: str | None) -> None:
    settings = PolisSettings(
        environment="production", secret_key=SecretStr(secret) if secret else None
    )
    with pytest.raises(ConfigurationError) as err:
        resolve_secret(settings)
    assert "POLIS_SECRET_KEY" in err.value.message


def test_development_secret_is_kept(tmp_path: object) -> None:
    from pathlib import Path

    settings = PolisSettings(var_dir=Path(str(tmp_path)))
    first = resolve_secret(settings)
    assert len(first) >= 32 and resolve_secret(settings) == first
    assert (Path(str(tmp_path)) / "secret_key").stat().st_mode & 0o077 == 0
