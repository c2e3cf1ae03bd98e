"""Consultation on regulations: a draft's articles (numbering kept), the places they
apply to, and the comments with the municipality's answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.participation.budgeting import ANY_GEOMETRY
from models.participation.enums import Answer, PlaceKind, Stance


class Regulation(Base):
    """A draft regulation under consultation."""

    __tablename__ = "regulations"
    __table_args__ = (CheckConstraint("opens_at < closes_at", name="period_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    opens_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    closes_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    source_name: Mapped[str | None] = mapped_column(String(200))


class Article(Base):
    """An article of a draft, in order, with its chapter and numbering as imported."""

    __tablename__ = "reg_articles"
    __table_args__ = (
        UniqueConstraint("regulation_id", "position", name="uq_reg_articles_position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    regulation_id: Mapped[int] = mapped_column(
        ForeignKey("regulations.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    chapter: Mapped[str | None] = mapped_column(String(300))
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    draft_text: Mapped[str] = mapped_column(Text, nullable=False)
    final_text: Mapped[str | None] = mapped_column(Text)


class ArticlePlace(Base):
    """A place an article applies to (a street, a zone, a market site), drawn on the map."""

    __tablename__ = "reg_article_places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("reg_articles.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[PlaceKind] = enum_column(PlaceKind)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    geom: Mapped[Any] = mapped_column(ANY_GEOMETRY, nullable=False)


class Comment(Base):
    """A citizen's comment on an article, with the municipality's answer."""

    __tablename__ = "reg_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("reg_articles.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_key: Mapped[str] = mapped_column(String(64), nullable=False)
    stance: Mapped[Stance] = enum_column(Stance)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    answer: Mapped[Answer | None] = enum_column(Answer, nullable=True)
    answer_reason: Mapped[str | None] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
