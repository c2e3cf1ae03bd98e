"""Accounts, refresh tokens and API keys in the database (async, values always bound)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import psycopg
from psycopg.rows import class_row

from models.errors import Conflict, NotFound, Unauthorized


@dataclass(frozen=True)
class Account:
    """An account as the application sees it (no password hash)."""

    id: int
    email: str
    display_name: str
    roles: list[str]
    email_verified: bool
    active: bool


COLUMNS = "id, email, display_name, roles, email_verified, active"


async def create_account(
    conn: psycopg.AsyncConnection,
    *,
    email: str,
    display_name: str,
    password_hash: str | None,
    roles: list[str],
    verified: bool,
    verify_token_hash: str | None = None,
    oidc_subject: str | None = None,
) -> Account:
    """Insert an account; ``Conflict`` when the email is taken."""
    try:
        cur = await conn.cursor(row_factory=class_row(Account)).execute(
            f"INSERT INTO users (email, display_name, password_hash, roles, email_verified, "  # noqa: S608
            f"verify_token_hash, active, oidc_subject) VALUES (%s, %s, %s, %s, %s, %s, true, %s) "
            f"RETURNING {COLUMNS}",
            (
                email.lower(),
                display_name,
                password_hash,
                roles,
                verified,
                verify_token_hash,
                oidc_subject,
            ),
        )
    except psycopg.errors.UniqueViolation:
        raise Conflict("this email is already registered", field="email") from None
    account = await cur.fetchone()
    assert account is not None
    return account


async def account_for_login(
    conn: psycopg.AsyncConnection, email: str
) -> tuple[Account, str | None] | None:
    """(account, password hash) for an email, or None."""
    cur = await conn.execute(
        f"SELECT {COLUMNS}, password_hash FROM users WHERE email = %s",  # noqa: S608
        (email.lower(),),
    )
    row = await cur.fetchone()
    if row is None:
        return None
    return Account(*row[:6]), row[6]


async def get_account(conn: psycopg.AsyncConnection, user_id: int) -> Account:
    cur = await conn.cursor(row_factory=class_row(Account)).execute(
        f"SELECT {COLUMNS} FROM users WHERE id = %s",  # noqa: S608
        (user_id,),
    )
    account = await cur.fetchone()
    if account is None:
        raise NotFound(f"account {user_id} does not exist", field="user")
    return account


async def account_by_oidc_subject(conn: psycopg.AsyncConnection, subject: str) -> Account | None:
    cur = await conn.cursor(row_factory=class_row(Account)).execute(
        f"SELECT {COLUMNS} FROM users WHERE oidc_subject = %s",  # noqa: S608
        (subject,),
    )
    return await cur.fetchone()


async def verify_email(conn: psycopg.AsyncConnection, token_hash: str) -> Account:
    """Mark the account holding this verification token as verified (token used once)."""
    cur = await conn.cursor(row_factory=class_row(Account)).execute(
        "UPDATE users SET email_verified = true, verify_token_hash = NULL "  # noqa: S608
        f"WHERE verify_token_hash = %s RETURNING {COLUMNS}",
        (token_hash,),
    )
    account = await cur.fetchone()
    if account is None:
        raise Unauthorized("the verification token is unknown or already used")
    return account


async def store_refresh_token(
    conn: psycopg.AsyncConnection,
    *,
    user_id: int,
    token_hash: str,
    days: int,
    family: str | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO refresh_tokens (user_id, token_hash, family, expires_at) "
        "VALUES (%s, %s, %s, now() + make_interval(days => %s))",
        (user_id, token_hash, family or secrets.token_hex(8), days),
    )


async def use_refresh_token(conn: psycopg.AsyncConnection, token_hash: str) -> tuple[int, str]:
    """Consume a refresh token: (user id, family). A reused token revokes its family.

    Runs its own transaction, so the revocation stays even though an error is raised.
    """
    async with conn.transaction():
        outcome = await _consume_refresh(conn, token_hash)
    if isinstance(outcome, Unauthorized):
        raise outcome
    return outcome


async def _consume_refresh(
    conn: psycopg.AsyncConnection, token_hash: str
) -> tuple[int, str] | Unauthorized:
    cur = await conn.execute(
        "SELECT id, user_id, family, used_at IS NOT NULL, revoked_at IS NOT NULL, "
        "expires_at < now() FROM refresh_tokens WHERE token_hash = %s FOR UPDATE",
        (token_hash,),
    )
    row = await cur.fetchone()
    if row is None:
        return Unauthorized("the refresh token is invalid")
    token_id, user_id, family, used, revoked, expired = row
    if used or revoked:
        await conn.execute(
            "UPDATE refresh_tokens SET revoked_at = now() WHERE family = %s AND revoked_at IS NULL",
            (family,),
        )
        return Unauthorized("the refresh token was already used; please sign in again")
    if expired:
        return Unauthorized("the refresh token has expired; please sign in again")
    await conn.execute("UPDATE refresh_tokens SET used_at = now() WHERE id = %s", (token_id,))
    return int(user_id), str(family)


async def create_api_key(
    conn: psycopg.AsyncConnection, *, user_id: int, name: str, prefix: str, key_hash: str
) -> int:
    cur = await conn.execute(
        "INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES (%s, %s, %s, %s) "
        "RETURNING id",
        (user_id, name, prefix, key_hash),
    )
    row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def api_key_owner(
    conn: psycopg.AsyncConnection, prefix: str
) -> tuple[int, str, Account] | None:
    """(key id, key digest, owner) of an active key with this prefix and an active owner."""
    cur = await conn.execute(
        f"SELECT k.id, k.key_hash, {', '.join('u.' + c for c in COLUMNS.split(', '))} "  # noqa: S608
        "FROM api_keys AS k JOIN users AS u ON u.id = k.user_id "
        "WHERE k.prefix = %s AND k.revoked_at IS NULL AND u.active",
        (prefix,),
    )
    row = await cur.fetchone()
    if row is None:
        return None
    await conn.execute("UPDATE api_keys SET last_used_at = now() WHERE id = %s", (row[0],))
    return int(row[0]), str(row[1]), Account(*row[2:])


async def list_api_keys(conn: psycopg.AsyncConnection, user_id: int) -> list[dict[str, object]]:
    cur = await conn.execute(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys "
        "WHERE user_id = %s ORDER BY id",
        (user_id,),
    )
    names = ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    return [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]


async def revoke_api_key(conn: psycopg.AsyncConnection, user_id: int, key_id: int) -> None:
    cur = await conn.execute(
        "UPDATE api_keys SET revoked_at = now() WHERE id = %s AND user_id = %s "
        "AND revoked_at IS NULL",
        (key_id, user_id),
    )
    if cur.rowcount == 0:
        raise NotFound(f"API key {key_id} does not exist or is already revoked", field="key_id")
