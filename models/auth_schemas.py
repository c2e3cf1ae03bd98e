"""Pydantic schemas of the account endpoints (input ``XxxCreate``, output ``XxxPublic``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.auth import Role

#: A mailbox address (no display names, quotes, commas or spaces: one recipient only).
EMAIL = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}$"


class Submitted(BaseModel):
    """Base of every body a client sends: no NUL characters in any text (PostgreSQL
    text cannot store them), refused naming the field."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character")
        return value


class AccountCreate(Submitted):
    """Self-registration of a citizen."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(pattern=EMAIL, max_length=254)
    display_name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=10, max_length=256)


class StaffCreate(AccountCreate):
    """An account created by an administrator, with its roles."""

    roles: list[Role] = Field(min_length=1)


class AccountPublic(BaseModel):
    id: int
    email: str
    display_name: str
    roles: list[str]
    email_verified: bool


class TokenPublic(BaseModel):
    """OAuth2 token response."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str


class RefreshRequest(Submitted):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=10, max_length=200)


class VerifyRequest(Submitted):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)


class ApiKeyCreate(Submitted):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)


class ApiKeyPublic(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None


class ApiKeyCreated(ApiKeyPublic):
    """Returned once, at creation: the only time the key itself is shown."""

    key: str


class MessagePublic(BaseModel):
    message: str
