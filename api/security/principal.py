"""Who is calling: an anonymous visitor, an account with a token, or a machine with a key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.security.credentials import api_key_prefix, read_access_token, same_digest
from layers.accounts.store import api_key_owner
from models.auth import STAFF_ROLES, Role
from models.errors import Forbidden, Unauthorized


@dataclass(frozen=True)
class Principal:
    """The caller of a request. ``user_id`` is None for anonymous visitors."""

    user_id: int | None
    roles: frozenset[Role]
    via: str  # anonymous | token | api_key

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)


ANONYMOUS = Principal(None, frozenset(), "anonymous")


async def resolve_principal(request: Request) -> Principal:
    """From ``Authorization: Bearer <token>`` or ``X-API-Key``; anonymous with neither.

    Invalid credentials are an error (401), never silently anonymous.
    """
    state = request.app.state
    header = request.headers.get("authorization")
    key = request.headers.get("x-api-key")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("use 'Authorization: Bearer <access token>'")
        claims = read_access_token(state.secret, token.strip())
        return Principal(claims.user_id, claims.roles, "token")
    if key:
        prefix = api_key_prefix(key)
        async with state.pool.connection() as conn:
            found = await api_key_owner(conn, prefix)
        if found is None or not same_digest(found[1], key):
            raise Unauthorized("the API key is unknown or revoked")
        account = found[2]
        return Principal(account.id, frozenset(Role(r) for r in account.roles), "api_key")
    return ANONYMOUS


async def require_account(
    principal: Annotated[Principal, Depends(resolve_principal)],
) -> Principal:
    if not principal.authenticated:
        raise Unauthorized("sign in first (POST /auth/token) or send an API key")
    return principal


async def require_staff(principal: Annotated[Principal, Depends(require_account)]) -> Principal:
    if not principal.is_staff:
        raise Forbidden("only municipal staff may do this")
    return principal


async def require_admin(principal: Annotated[Principal, Depends(require_account)]) -> Principal:
    if Role.ADMIN not in principal.roles:
        raise Forbidden("only administrators may do this")
    return principal


CurrentAccount = Annotated[Principal, Depends(require_account)]
StaffPrincipal = Annotated[Principal, Depends(require_staff)]
AdminPrincipal = Annotated[Principal, Depends(require_admin)]
