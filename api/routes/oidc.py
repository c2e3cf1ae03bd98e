"""OpenID Connect sign-in, ready to be pointed at the municipality's identity provider.

Configuration only (``POLIS_OIDC_*``): issuer, client id and secret, and the provider's
authorize, token and JWKS endpoints. Unconfigured, the routes answer 404.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from urllib.parse import urlencode

import httpx
import jwt
from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse

from api.routes.auth import issue_tokens
from api.settings import PolisSettings
from layers.accounts import store as accounts
from models.auth import Role
from models.auth_schemas import TokenPublic
from models.errors import InvalidParameter, NotFound, Unauthorized
from models.problem import problem_responses

router = APIRouter(
    prefix="/auth/oidc", tags=["auth"], responses=problem_responses(400, 401, 404, 409, 413)
)
STATE_MINUTES = 10


def configured(settings: PolisSettings) -> PolisSettings:
    if not settings.oidc_enabled:
        raise NotFound("OpenID Connect is not configured on this server", field="oidc")
    return settings


def redirect_uri(request: Request) -> str:
    return f"{request.app.state.base_url}/auth/oidc/callback"


@router.get("/login", summary="Σύνδεση μέσω OIDC / Sign in with the identity provider")
async def login(request: Request) -> RedirectResponse:
    settings = configured(request.app.state.settings)
    nonce = secrets.token_urlsafe(16)
    state = jwt.encode(
        {
            "nonce": nonce,
            "exp": dt.datetime.now(dt.UTC) + dt.timedelta(minutes=STATE_MINUTES),
            "typ": "oidc-state",
        },
        request.app.state.secret,
        algorithm="HS256",
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": redirect_uri(request),
            "scope": "openid email profile",
            "state": state,
            "nonce": nonce,
        }
    )
    return RedirectResponse(f"{settings.oidc_authorize_url}?{query}", status_code=302)


@router.get("/callback", response_model=TokenPublic, summary="Επιστροφή OIDC / OIDC callback")
async def callback(
    request: Request,
    code: str = Query(min_length=1, max_length=2048),
    state: str = Query(min_length=1, max_length=4096),
) -> TokenPublic:
    """Exchange the code, verify the ID token, sign the person in (a citizen account is
    created on first sign-in; staff roles are granted by an administrator)."""
    settings = configured(request.app.state.settings)
    try:
        claims = jwt.decode(state, request.app.state.secret, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise InvalidParameter("state", "unknown or expired sign-in attempt") from None
    id_token = await exchange_code(settings, code, redirect_uri(request))
    identity = await asyncio.to_thread(verify_id_token, settings, id_token, claims["nonce"])
    subject = str(identity["sub"])
    async with request.app.state.pool.connection() as conn:
        account = await accounts.account_by_oidc_subject(conn, subject)
        if account is None:
            account = await accounts.create_account(
                conn,
                email=str(identity.get("email", f"{subject}@oidc.invalid")).lower(),
                display_name=str(identity.get("name") or identity.get("email") or "OIDC"),
                password_hash=None,
                roles=[Role.CITIZEN.value],
                verified=bool(identity.get("email_verified", False)),
                oidc_subject=subject,
            )
    return await issue_tokens(request, account)


async def exchange_code(settings: PolisSettings, code: str, redirect: str) -> str:
    assert settings.oidc_token_url and settings.oidc_client_id
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else ""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            settings.oidc_token_url,
            data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect},
            auth=(settings.oidc_client_id, secret),
        )
    if response.status_code != 200 or "id_token" not in response.json():
        raise Unauthorized("the identity provider refused the sign-in code")
    return str(response.json()["id_token"])


def verify_id_token(settings: PolisSettings, token: str, nonce: str) -> dict[str, object]:
    assert settings.oidc_jwks_url
    key = jwt.PyJWKClient(settings.oidc_jwks_url).get_signing_key_from_jwt(token)
    try:
        claims: dict[str, object] = jwt.decode(
            token,
            key.key,
            algorithms=["RS256", "ES256", "PS256"],
            audience=settings.oidc_client_id,
            issuer=settings.oidc_issuer,
        )
    except jwt.PyJWTError as exc:
        raise Unauthorized(f"the identity provider's token is invalid: {exc}") from None
    if claims.get("nonce") != nonce:
        raise Unauthorized("the identity provider's token does not match this sign-in")
    return claims
