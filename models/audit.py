"""The audit log: who changed what, when, with the before and after state.

Append-only: a trigger (migration 0003) rejects UPDATE and DELETE, except the
retention purge, which must say so in its transaction (``polis.audit_purge``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.enums import Choice


class AuditAction(Choice):
    CREATE = "create", "Δημιουργία", "Create"
    REPLACE = "replace", "Αντικατάσταση", "Replace"
    UPDATE = "update", "Τροποποίηση", "Update"
    DELETE = "delete", "Διαγραφή", "Delete"


class AuditEntry(Base):
    """One change to one feature. The actor is an account id, never an email or name."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now(), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(Integer)
    via: Mapped[str] = mapped_column(String(16), nullable=False)  # token | api_key
    action: Mapped[AuditAction] = enum_column(AuditAction)
    layer: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    feature_id: Mapped[int] = mapped_column(Integer, nullable=False)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
