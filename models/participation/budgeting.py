"""Participatory budgeting: processes, budgets, proposals, photos and ballots.

Ballots carry no account: ``voter_key`` is a keyed hash (server secret) of the
process and the account, so one ballot per resident is enforced without storing who
voted what; the published ballots (pabulib ``.pb``) leave the key out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import STORAGE_SRID, Base, enum_column
from models.participation.enums import BallotKind, CountingRule, Progress, Verdict

#: Any geometry type (a proposal is a point, a line or a polygon), Greek Grid.
ANY_GEOMETRY = Geometry(geometry_type="GEOMETRY", srid=STORAGE_SRID, spatial_index=True)


class PbProcess(Base):
    """A participatory-budgeting round with the dates that open each phase."""

    __tablename__ = "pb_processes"
    __table_args__ = (
        CheckConstraint(
            "proposals_from < review_from AND review_from < voting_from "
            "AND voting_from < voting_until AND voting_until <= implementation_from",
            name="phase_order",
        ),
        CheckConstraint("min_share >= 0 AND min_share <= 1", name="min_share_range"),
        CheckConstraint("min_age >= 0 AND min_age <= 120", name="min_age_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_el: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), nullable=False)
    description_el: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    proposals_from: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    review_from: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    voting_from: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    voting_until: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    implementation_from: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False
    )
    ballot_kind: Mapped[BallotKind] = enum_column(BallotKind)
    rule: Mapped[CountingRule] = enum_column(CountingRule)
    min_share: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    min_age: Mapped[int] = mapped_column(Integer, nullable=False, default=17)


class PbBudget(Base):
    """Money of a process for one neighbourhood, or city-wide (``neighbourhood`` NULL)."""

    __tablename__ = "pb_budgets"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        UniqueConstraint("process_id", "neighbourhood", name="uq_pb_budgets_scope"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("pb_processes.id", ondelete="CASCADE"), nullable=False
    )
    neighbourhood: Mapped[str | None] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Numeric(14, 2), nullable=False)


class PbProposal(Base):
    """A project proposed by a citizen, drawn on the map, with the staff's review."""

    __tablename__ = "pb_proposals"
    __table_args__ = (
        CheckConstraint("ST_IsValid(geom) AND NOT ST_IsEmpty(geom)", name="geom_valid"),
        CheckConstraint(
            "GeometryType(geom) IN ('POINT', 'LINESTRING', 'POLYGON')", name="geom_kind"
        ),
        CheckConstraint("estimated_cost > 0", name="cost_positive"),
        CheckConstraint("reviewed_cost IS NULL OR reviewed_cost > 0", name="reviewed_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("pb_processes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    budget_id: Mapped[int] = mapped_column(
        ForeignKey("pb_budgets.id", ondelete="CASCADE"), nullable=False
    )
    author_key: Mapped[str] = mapped_column(String(64), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    estimated_cost: Mapped[float] = mapped_column(Numeric(14, 2), nullable=False)
    verdict: Mapped[Verdict] = enum_column(Verdict, default=Verdict.PENDING)
    reviewed_cost: Mapped[float | None] = mapped_column(Numeric(14, 2))
    answer: Mapped[str | None] = mapped_column(Text)
    funded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    progress: Mapped[Progress] = enum_column(Progress, default=Progress.NOT_STARTED)
    hidden: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    geom: Mapped[Any] = mapped_column(ANY_GEOMETRY, nullable=False)


class PbPhoto(Base):
    """A photo of a proposal (JPEG or PNG, stored in the database)."""

    __tablename__ = "pb_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("pb_proposals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    media_type: Mapped[str] = mapped_column(String(32), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class PbBallot(Base):
    """One resident's ballot in a process (changeable until the vote closes)."""

    __tablename__ = "pb_ballots"
    __table_args__ = (UniqueConstraint("process_id", "voter_key", name="uq_pb_ballots_voter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("pb_processes.id", ondelete="CASCADE"), nullable=False
    )
    voter_key: Mapped[str] = mapped_column(String(64), nullable=False)
    neighbourhood: Mapped[str] = mapped_column(String(200), nullable=False)
    cast_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class PbBallotChoice(Base):
    """A project chosen on a ballot."""

    __tablename__ = "pb_ballot_choices"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("pb_ballots.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("pb_proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
