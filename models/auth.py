"""Accounts, roles, API keys and refresh tokens.

Personal data are minimised: an account holds an email and a display name, nothing
else; tokens and keys are stored only as SHA-256 digests.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.enums import Choice


class Role(Choice):
    """What an account may do. Staff roles are departments of the municipality."""

    CITIZEN = "citizen", "Πολίτης", "Citizen"
    PARKING = "parking", "Στάθμευση", "Parking"
    FLEET = "fleet", "Στόλος οχημάτων", "Fleet"
    GREEN = "green", "Πράσινο", "Urban green"
    CIVIL_PROTECTION = "civil_protection", "Πολιτική προστασία", "Civil protection"
    MARKETS = "markets", "Λαϊκές αγορές", "Street markets"
    ENERGY = "energy", "Ενέργεια", "Energy"
    LIBRARY = "library", "Βιβλιοθήκη", "Library"
    CONSULTATIONS = "consultations", "Διαβουλεύσεις", "Consultations"
    GIS_ADMIN = "gis_admin", "Διαχείριση GIS", "GIS administration"
    ADMIN = "admin", "Διαχειριστής", "Administrator"


#: Roles held by municipal staff (every role but citizen).
STAFF_ROLES = frozenset(r for r in Role if r is not Role.CITIZEN)


class User(Base):
    """An account: a citizen (self-registered, verified by email) or a staff member."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "roles <@ ARRAY[" + ", ".join(f"'{r.value}'" for r in Role) + "]::varchar[]"
            " AND cardinality(roles) > 0",
            name="roles_known",
        ),
        CheckConstraint("email = lower(email) AND position('@' in email) > 1", name="email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(120), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)), nullable=False)
    email_verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    verify_token_hash: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ApiKey(Base):
    """A key for machines (sensors, GIS desktop users); acts with its owner's roles."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RefreshToken(Base):
    """A refresh token (rotated on every use; reuse of a rotated one revokes the family)."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    family: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


__all__ = ["STAFF_ROLES", "ApiKey", "RefreshToken", "Role", "User"]
