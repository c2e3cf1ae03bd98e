"""Accounts and tokens: registration with email verification, the OAuth2 password flow,
refresh rotation, expiry and tampering, API keys, brute-force throttling."""

from __future__ import annotations

import base64
import datetime as dt
import email
import json
import re
from pathlib import Path

import httpx
import jwt
import pytest

from api.settings import PolisSettings

PASSWORD = "correct horse battery staple"


def sign_in(http: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return http.post("/auth/token", data={"username": email, "password": password})


def outbox_mail(settings: PolisSettings, address: str) -> str:
    """The text of the last mail sent to ``address``."""
    messages = [
        email.message_from_bytes(path.read_bytes())
        for path in sorted((settings.var_dir / "outbox").glob("*.eml"))
    ]
    mine = [m for m in messages if m["To"] == address]
    assert mine, f"no mail for {address}"
    body = mine[-1].get_payload(decode=True)
    assert isinstance(body, bytes)
    return body.decode()


def outbox_token(settings: PolisSettings, address: str) -> str:
    found = re.search(r"token: (\S+)", outbox_mail(settings, address))
    assert found
    return found.group(1)


def test_register_verify_sign_in(http: httpx.Client, demo_settings: PolisSettings) -> None:
    address = "eleni@example.gr"
    r = http.post(
        "/auth/register", json={"email": address, "display_name": "Ελένη", "password": PASSWORD}
    )
    assert r.status_code == 202, r.text
    refused = sign_in(http, address)
    assert refused.status_code == 403 and "confirm your email" in refused.json()["detail"]
    verified = http.post("/auth/verify", json={"token": outbox_token(demo_settings, address)})
    assert verified.status_code == 200 and verified.json()["email_verified"]
    token = sign_in(http, address)
    assert token.status_code == 200
    me = http.get("/auth/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert me.json()["roles"] == ["citizen"] and me.json()["display_name"] == "Ελένη"
    again = http.post("/auth/verify", json={"token": outbox_token(demo_settings, address)})
    assert again.status_code == 401  # a verification token works once


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "x@example.gr", "display_name": "X", "password": "short"}, "password"),
        ({"email": "not-an-email", "display_name": "X", "password": PASSWORD}, "email"),
        ({"email": "y@example.gr", "display_name": "", "password": PASSWORD}, "display_name"),
        (
            {
                "email": "z@example.gr",
                "display_name": "Z",
                "password": PASSWORD,
                "roles": ["admin"],
            },
            "roles",
        ),
    ],
)
def test_registration_bad_input(http: httpx.Client, body: dict[str, object], field: str) -> None:
    r = http.post("/auth/register", json=body)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["field"] == field


def test_duplicate_registration_tells_only_the_owner(
    http: httpx.Client, accounts: dict[str, str], demo_settings: PolisSettings
) -> None:
    """Registering a taken address answers exactly as for a new one (no account oracle);
    the owner is told by mail, and the account is unchanged."""
    fresh = {"email": "fresh-dup@example.gr", "display_name": "New", "password": PASSWORD}
    taken = {"email": accounts["citizen"], "display_name": "Again", "password": PASSWORD}
    new, again = http.post("/auth/register", json=fresh), http.post("/auth/register", json=taken)
    assert (again.status_code, again.json()) == (new.status_code, new.json()) == (202, new.json())
    assert "already has an account" in outbox_mail(demo_settings, accounts["citizen"])
    assert sign_in(http, accounts["citizen"]).status_code == 200


def test_emailed_link_confirms_in_a_page(http: httpx.Client, demo_settings: PolisSettings) -> None:
    address = "link@example.gr"
    body = {"email": address, "display_name": "Link", "password": PASSWORD}
    assert http.post("/auth/register", json=body).status_code == 202
    link = re.search(r"(https?://\S+/auth/verify\?token=\S+)", outbox_mail(demo_settings, address))
    assert link, "the mail carries a verification link"
    path = link.group(1).split("/auth/", 1)[1]
    page = http.get(f"/auth/{path}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "επιβεβαιώθηκε" in page.text and "confirmed" in page.text
    assert sign_in(http, address).status_code == 200
    used = http.get(f"/auth/{path}")
    assert used.status_code == 400 and "not valid" in used.text


def test_wrong_password_and_throttling(http: httpx.Client, accounts: dict[str, str]) -> None:
    email = accounts["throttled"]
    for _ in range(5):
        r = sign_in(http, email, "wrong password!")
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Bearer")
    blocked = sign_in(http, email)  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert sign_in(http, "nobody@example.gr", "whatever!").status_code == 401


def test_refresh_rotates_and_reuse_revokes(http: httpx.Client, accounts: dict[str, str]) -> None:
    first = sign_in(http, accounts["green"]).json()
    second = http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    new = second.json()
    assert new["refresh_token"] != first["refresh_token"]
    reuse = http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    # the stolen-token alarm revoked the whole family, the fresh token included
    assert (
        http.post("/auth/refresh", json={"refresh_token": new["refresh_token"]}).status_code == 401
    )


def secret(settings: PolisSettings) -> str:
    return Path(settings.var_dir / "secret_key").read_text().strip()


def test_expired_and_tampered_tokens(
    http: httpx.Client, demo_settings: PolisSettings, tokens: dict[str, dict[str, str]]
) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    expired = jwt.encode(
        {"iss": "polis", "sub": "1", "roles": ["admin"], "exp": past, "typ": "access"},
        secret(demo_settings),
        algorithm="HS256",
    )
    r = http.get("/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    header, payload, signature = tokens["citizen"]["Authorization"][7:].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["roles"] = ["admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    r = http.get("/auth/me", headers={"Authorization": f"Bearer {header}.{forged}.{signature}"})
    assert r.status_code == 401 and "invalid" in r.json()["detail"]
    other_key = jwt.encode(
        {"iss": "polis", "sub": "1", "roles": ["admin"], "exp": past + dt.timedelta(hours=1)},
        "not the key of this server, but long enough for HS256",
        algorithm="HS256",
    )
    assert http.get("/auth/me", headers={"Authorization": f"Bearer {other_key}"}).status_code == 401
    assert http.get("/auth/me", headers={"Authorization": "Basic abc"}).status_code == 401
    assert http.get("/auth/me").status_code == 401


def test_api_keys(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> None:
    refused = http.post("/auth/api-keys", json={"name": "phone"}, headers=tokens["citizen"])
    assert refused.status_code == 403
    created = http.post("/auth/api-keys", json={"name": "QGIS desktop"}, headers=tokens["green"])
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    me = http.get("/auth/me", headers={"X-API-Key": key})
    assert me.status_code == 200 and me.json()["roles"] == ["green"]
    listed = http.get("/auth/api-keys", headers=tokens["green"]).json()
    assert [k["name"] for k in listed] == ["QGIS desktop"] and "key" not in listed[0]
    gone = http.delete(f"/auth/api-keys/{created.json()['id']}", headers=tokens["green"])
    assert gone.status_code == 204
    assert http.get("/auth/me", headers={"X-API-Key": key}).status_code == 401
    assert http.get("/auth/me", headers={"X-API-Key": "pk_bad"}).status_code == 401


def test_admin_creates_staff(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> None:
    body = {
        "email": "fleet.office@karditsa.gr",
        "display_name": "Γραφείο κίνησης",
        "password": PASSWORD,
        "roles": ["fleet"],
    }
    assert http.post("/auth/users", json=body, headers=tokens["green"]).status_code == 403
    r = http.post("/auth/users", json=body, headers=tokens["admin"])
    assert r.status_code == 201 and r.json()["roles"] == ["fleet"]
    assert sign_in(http, body["email"]).status_code == 200  # staff accounts need no mail


def test_oidc_is_off_until_configured(http: httpx.Client) -> None:
    r = http.get("/auth/oidc/login", follow_redirects=False)
    assert r.status_code == 404 and "not configured" in r.json()["detail"]
