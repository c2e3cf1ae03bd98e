"""Passwords (argon2), signed access tokens (JWT, HS256), refresh tokens and API keys.

Only digests of refresh tokens, API keys and verification tokens are stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.settings import PolisSettings
from models.auth import Role
from models.errors import ConfigurationError, Unauthorized

ISSUER = "polis"
ALGORITHM = "HS256"
PLACEHOLDERS = {"changeme", "change-me", "secret", "password", "polis", "development"}
_HASHER = PasswordHasher()
#: Verified against when the account does not exist, so timing does not tell.
_DUMMY = _HASHER.hash("not-a-real-password")


def resolve_secret(settings: PolisSettings) -> str:
    """The token-signing key; refuses placeholders (and missing keys) in production."""
    given = settings.secret_key.get_secret_value() if settings.secret_key else None
    if settings.environment == "production":
        if not given or len(given) < 32 or given.lower() in PLACEHOLDERS:
            raise ConfigurationError(
                "POLIS_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        return given
    if given:
        return given
    return _development_secret(settings.var_dir / "secret_key")


def _development_secret(path: Path) -> str:
    """The key kept in ``path``, created once: several workers starting together must
    agree on it, so it is written whole to a private file and linked into place
    atomically; whoever loses the race reads the winner's."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
    try:
        with os.fdopen(fd, "w") as sink:
            sink.write(value)
        os.link(tmp, path)
    except FileExistsError:
        return path.read_text().strip()
    finally:
        os.unlink(tmp)
    return value


def derived_key(secret: str, purpose: str) -> str:
    """A key for one ``purpose``, derived from the application secret (hex)."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Constant-work check (a dummy hash is verified when there is no account)."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def digest(value: str) -> str:
    """SHA-256 hex digest of a token or key (what the database stores)."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_token() -> str:
    """A random URL-safe token (refresh tokens, verification tokens)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class AccessClaims:
    """What a valid access token says."""

    user_id: int
    roles: frozenset[Role]
    expires: dt.datetime


def issue_access_token(secret: str, user_id: int, roles: list[str], minutes: int) -> str:
    now = dt.datetime.now(dt.UTC)
    claims = {
        "iss": ISSUER,
        "sub": str(user_id),
        "roles": sorted(roles),
        "iat": now,
        "exp": now + dt.timedelta(minutes=minutes),
        "typ": "access",
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(secret: str, token: str) -> AccessClaims:
    """Verify signature, issuer, expiry and type; ``Unauthorized`` otherwise."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "sub", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("the access token has expired; refresh it") from None
    except jwt.PyJWTError:
        raise Unauthorized("the access token is invalid") from None
    if claims.get("typ") != "access":
        raise Unauthorized("the access token is invalid")
    try:
        roles = frozenset(Role(r) for r in claims.get("roles", []))
        user_id = int(claims["sub"])
    except ValueError:
        raise Unauthorized("the access token is invalid") from None
    return AccessClaims(user_id, roles, dt.datetime.fromtimestamp(claims["exp"], dt.UTC))


def new_api_key() -> tuple[str, str]:
    """(prefix, full key). The key is shown once; the database keeps its digest."""
    prefix = secrets.token_hex(6)
    return prefix, f"pk_{prefix}_{secrets.token_urlsafe(32)}"


def api_key_prefix(key: str) -> str:
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "pk":
        raise Unauthorized("the API key is malformed")
    return parts[1]


def same_digest(stored: str, presented: str) -> bool:
    return hmac.compare_digest(stored, digest(presented))
