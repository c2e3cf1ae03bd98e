"""Local economy: businesses of the city guide and street-market stalls."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import INT4MULTIRANGE, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.commerce_enums import (
    AllocationMethod,
    OfferKind,
    ReviewStatus,
    StallSector,
    Wheelchair,
)
from models.enums import BusinessCategory, StallCategory, Weekday
from models.payments import PaymentStatus

#: Folded text (lower case, no accents, final sigma as σ) — SQL function of migration 0012.
FOLD = "polis_fold"
#: Greeklish key: Greek and Latin spellings of one word meet — SQL function of migration 0012.
GREEKLISH = "polis_greeklish"


class Business(Base):
    """A shop, café or other local business; ``opening_hours`` uses OSM syntax."""

    __tablename__ = "businesses"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    name_el, name_en = name_columns()
    category: Mapped[BusinessCategory] = enum_column(BusinessCategory)
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    #: Greek tax number (ΑΦΜ), checked with python-stdnum; staff only.
    tax_number: Mapped[str | None] = mapped_column(String(9))
    #: ``opening_hours`` parsed (``layers.commerce.hours``): weekly spans and holiday hours.
    hours: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    wheelchair: Mapped[Wheelchair | None] = enum_column(Wheelchair, nullable=True)
    toilets_wheelchair: Mapped[bool | None] = mapped_column(Boolean)
    #: Photos: a JSON list of ``{"url", "caption"}``.
    photos: Mapped[list[dict[str, str]] | None] = mapped_column(JSONB)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Derived by the database (never written): searchable text, Greeklish key, open minutes.
    search_text: Mapped[str | None] = mapped_column(
        Text,
        Computed(
            f"{FOLD}(coalesce(name_el, '') || ' ' || coalesce(name_en, '') || ' ' || "
            "coalesce(address, '') || ' ' || polis_category_words(category))",
            persisted=True,
        ),
    )
    search_key: Mapped[str | None] = mapped_column(
        Text,
        Computed(
            f"{GREEKLISH}(coalesce(name_el, '') || ' ' || coalesce(name_en, '') || ' ' || "
            "polis_category_words(category))",
            persisted=True,
        ),
    )
    search_doc: Mapped[Any] = mapped_column(
        TSVECTOR,
        Computed(
            f"to_tsvector('simple', {FOLD}(coalesce(name_el, '') || ' ' || coalesce(name_en, '') "
            "|| ' ' || coalesce(address, '') || ' ' || polis_category_words(category)) || ' ' "
            f"|| {GREEKLISH}(coalesce(name_el, '') || ' ' || coalesce(name_en, '') || ' ' || "
            "polis_category_words(category)))",
            persisted=True,
        ),
    )
    week_minutes: Mapped[Any] = mapped_column(
        INT4MULTIRANGE, Computed("polis_week_minutes(hours)", persisted=True)
    )
    holiday_minutes: Mapped[Any] = mapped_column(
        INT4MULTIRANGE, Computed("polis_holiday_minutes(hours)", persisted=True)
    )
    geom: Mapped[Any] = geom_column("POINT")


class MarketStall(Base):
    """A stall position of a street (farmers') market on its weekday."""

    __tablename__ = "market_stalls"
    __table_args__ = (
        valid_geom(),
        UniqueConstraint("market_name", "stall_number", name="market_stall_number"),
        CheckConstraint("size_m2 IS NULL OR size_m2 > 0 AND size_m2 <= 200", name="size_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    market_name: Mapped[str] = mapped_column(String(120), nullable=False)
    stall_number: Mapped[int] = mapped_column(Integer, nullable=False)
    weekday: Mapped[Weekday] = enum_column(Weekday)
    category: Mapped[StallCategory] = enum_column(StallCategory)
    size_m2: Mapped[float | None] = mapped_column(Float)
    market_id: Mapped[int | None] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    sector: Mapped[StallSector | None] = enum_column(StallSector, nullable=True)
    width_m: Mapped[float | None] = mapped_column(Float)
    depth_m: Mapped[float | None] = mapped_column(Float)
    area_m2: Mapped[float | None] = mapped_column(
        Float, Computed("round(ST_Area(geom)::numeric, 2)::float8", persisted=True)
    )
    #: Status of the stall's latest fee order, kept by the ``payments`` domain (migration
    #: 0013); inspectors see it on the map.
    fee_status: Mapped[PaymentStatus | None] = enum_column(PaymentStatus, nullable=True)
    geom: Mapped[Any] = geom_column("POLYGON")


class Market(Base):
    """A street (farmers') market: its weekday, hours, streets and fee rate."""

    __tablename__ = "markets"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("closes > opens", name="hours_order"),
        CheckConstraint("rate_per_m2 >= 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_el, name_en = name_columns()
    weekday: Mapped[Weekday] = enum_column(Weekday)
    opens: Mapped[dt.time] = mapped_column(Time, nullable=False)
    closes: Mapped[dt.time] = mapped_column(Time, nullable=False)
    #: Streets closed on market days, from the set-up time to the clean-up time.
    setup_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=60)
    #: Fee in euros per square metre of stall and per month.
    rate_per_m2: Mapped[float] = mapped_column(Numeric(8, 2), nullable=False, default=0)
    geom: Mapped[Any] = geom_column("MULTILINESTRING")


class Offer(Base):
    """An offer or event of a business, shown once a moderator approved it, until it ends."""

    __tablename__ = "business_offers"
    __table_args__ = (CheckConstraint("valid_to >= valid_from", name="validity_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[OfferKind] = enum_column(OfferKind)
    title_el: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.PENDING)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class BusinessClaim(Base):
    """An account's claim to own a business, until staff confirm or reject it."""

    __tablename__ = "business_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    tax_number: Mapped[str] = mapped_column(String(9), nullable=False)
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.PENDING)
    created: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class BusinessChange(Base):
    """An owner's change of name, address or category, waiting for staff review."""

    __tablename__ = "business_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.PENDING)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class MarketLicence(Base):
    """A market trading licence as the national register (ΟΠΣΑΑ) exports it."""

    __tablename__ = "market_licences"
    __table_args__ = (CheckConstraint("valid_to >= valid_from", name="validity_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_number: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    holder: Mapped[str] = mapped_column(String(200), nullable=False)
    tax_number: Mapped[str] = mapped_column(String(9), nullable=False)
    sector: Mapped[StallSector] = enum_column(StallSector)
    valid_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[dt.date] = mapped_column(Date, nullable=False)
    goods: Mapped[str] = mapped_column(String(200), nullable=False)
    vehicle_plate: Mapped[str | None] = mapped_column(String(20))
    helpers: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    points: Mapped[float] = mapped_column(Float, nullable=False, default=0)


class StallAllocation(Base):
    """Which licence holds which stall (from a date; ``until`` set when it ends)."""

    __tablename__ = "stall_allocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("market_stalls.id", ondelete="CASCADE"))
    licence_id: Mapped[int] = mapped_column(ForeignKey("market_licences.id", ondelete="CASCADE"))
    method: Mapped[AllocationMethod] = enum_column(AllocationMethod)
    seed: Mapped[int | None] = mapped_column(BigInteger)
    since: Mapped[dt.date] = mapped_column(Date, nullable=False)
    until: Mapped[dt.date | None] = mapped_column(Date)


class WaitingListEntry(Base):
    """A licence waiting for a stall of a market, in order."""

    __tablename__ = "market_waiting_list"
    __table_args__ = (UniqueConstraint("market_id", "licence_id", name="once_per_market"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    licence_id: Mapped[int] = mapped_column(ForeignKey("market_licences.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, nullable=False)


class Attendance(Base):
    """An inspector's record of a stall on a market day; ``client_id`` makes resubmission
    from a phone that was offline harmless."""

    __tablename__ = "market_attendance"
    __table_args__ = (UniqueConstraint("stall_id", "day", name="once_per_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("market_stalls.id", ondelete="CASCADE"))
    licence_id: Mapped[int] = mapped_column(ForeignKey("market_licences.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date, nullable=False)
    present: Mapped[bool] = mapped_column(Boolean, nullable=False)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class MarketWarning(Base):
    """A warning issued to a licence holder for unjustified absences."""

    __tablename__ = "market_warnings"
    __table_args__ = (UniqueConstraint("licence_id", "issued", name="once_per_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("market_licences.id", ondelete="CASCADE"))
    issued: Mapped[dt.date] = mapped_column(Date, nullable=False)
    absences: Mapped[int] = mapped_column(Integer, nullable=False)


class Inspection(Base):
    """An inspection of a stall: findings, photos and the penalty imposed."""

    __tablename__ = "market_inspections"
    __table_args__ = (CheckConstraint("penalty_eur >= 0", name="penalty_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("market_stalls.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date, nullable=False)
    findings: Mapped[str] = mapped_column(Text, nullable=False)
    photos: Mapped[list[str] | None] = mapped_column(JSONB)
    penalty_eur: Mapped[float] = mapped_column(Numeric(10, 2), nullable=False, default=0)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class StreetClosure(Base):
    """A street closed for a market day, from set-up to clean-up (routing avoids it)."""

    __tablename__ = "street_closures"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("valid_to > valid_from", name="validity_order"),
        UniqueConstraint("market_id", "valid_from", name="once_per_market_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    valid_from: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    valid_to: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    reason_el: Mapped[str] = mapped_column(String(200), nullable=False)
    reason_en: Mapped[str] = mapped_column(String(200), nullable=False)
    geom: Mapped[Any] = geom_column("MULTILINESTRING")
