"""Moderation: citizens' reports of content and the log of what staff decided."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.participation.enums import ContentKind, ModerationAction


class Report(Base):
    """A citizen's report of a proposal or comment (one per reporter and item)."""

    __tablename__ = "participation_reports"
    __table_args__ = (
        UniqueConstraint("kind", "target_id", "reporter_key", name="uq_participation_reports_once"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ContentKind] = enum_column(ContentKind)
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    reporter_key: Mapped[str] = mapped_column(String(64), nullable=False)
    reason: Mapped[str] = mapped_column(String(500), nullable=False)
    reviewed: Mapped[bool] = mapped_column(default=False, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ModerationEntry(Base):
    """One moderation event (append-only log)."""

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ContentKind] = enum_column(ContentKind)
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[ModerationAction] = enum_column(ModerationAction)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
