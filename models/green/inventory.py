"""Urban green inventory: species, trees, green areas, public-space assets, photos and
tree inspections."""

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
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import GreenKind, TreeCondition
from models.green.enums import AssetCondition, AssetKind, RiskRating


class Tree(Base):
    """A tree of the municipal inventory. ``planted`` is the layer's time."""

    __tablename__ = "trees"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("dbh_cm IS NULL OR dbh_cm > 0 AND dbh_cm <= 500", name="dbh_range"),
        CheckConstraint("height_m IS NULL OR height_m > 0 AND height_m <= 80", name="height_range"),
        CheckConstraint("crown_m IS NULL OR crown_m > 0 AND crown_m <= 50", name="crown_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    species: Mapped[str] = mapped_column(String(120), nullable=False)
    species_el: Mapped[str | None] = mapped_column(String(120))
    dbh_cm: Mapped[float | None] = mapped_column(Float)
    height_m: Mapped[float | None] = mapped_column(Float)
    crown_m: Mapped[float | None] = mapped_column(Float)
    condition: Mapped[TreeCondition] = enum_column(TreeCondition, default=TreeCondition.GOOD)
    # a database default too: rows written without a rating (older clients) are low risk
    risk: Mapped[RiskRating] = mapped_column(
        Enum(
            RiskRating,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            name="riskrating",
        ),
        nullable=False,
        default=RiskRating.LOW,
        server_default=RiskRating.LOW.value,
    )
    planted: Mapped[dt.date | None] = mapped_column(Date, index=True)
    last_inspected: Mapped[dt.date | None] = mapped_column(Date)
    geom: Mapped[Any] = geom_column("POINT")


class GreenArea(Base):
    """A park, square, playground or other public green space."""

    __tablename__ = "green_areas"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_el, name_en = name_columns()
    kind: Mapped[GreenKind] = enum_column(GreenKind)
    irrigated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    area_m2: Mapped[float] = mapped_column(
        Float, Computed("round(ST_Area(geom)::numeric, 1)::float8", persisted=True)
    )
    managed_by: Mapped[str | None] = mapped_column(String(120))
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")


class Species(Base):
    """A species of the inventory with its names and the parameters of its benefits.

    ``biomass_b0``/``biomass_b1``: above-ground dry biomass (kg) = exp(b0 + b1 ln DBH[cm])
    (Jenkins et al. 2003, by species group); ``growth_cm``: DBH growth per year;
    ``lai``: leaf-area index of the crown. ``source`` says where they come from.
    """

    __tablename__ = "green_species"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    latin: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    name_el: Mapped[str] = mapped_column(String(120), nullable=False)
    name_en: Mapped[str] = mapped_column(String(120), nullable=False)
    biomass_group: Mapped[str] = mapped_column(String(60), nullable=False)
    biomass_b0: Mapped[float] = mapped_column(Float, nullable=False)
    biomass_b1: Mapped[float] = mapped_column(Float, nullable=False)
    growth_cm: Mapped[float] = mapped_column(Float, nullable=False)
    lai: Mapped[float] = mapped_column(Float, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)


class BenefitParameter(Base):
    """A constant of the benefits method (name, value, unit, source)."""

    __tablename__ = "green_benefit_parameters"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str] = mapped_column(String(40), nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)


class PublicAsset(Base):
    """A bench, playground, fountain or other asset of the public space."""

    __tablename__ = "green_assets"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[AssetKind] = enum_column(AssetKind)
    name_el, name_en = name_columns()
    condition: Mapped[AssetCondition] = enum_column(AssetCondition, default=AssetCondition.GOOD)
    installed: Mapped[dt.date | None] = mapped_column(Date)
    last_inspected: Mapped[dt.date | None] = mapped_column(Date)
    geom: Mapped[Any] = geom_column("POINT")


class TreeInspection(Base):
    """An inspection of a tree recorded in the field: where the inspector stood, what
    they found. Created through OGC API – Features Part 4 (queued offline by the field map)."""

    __tablename__ = "tree_inspections"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # no foreign key: the trees layer may be replaced on its own (imports); a trigger
    # (migration 0010) checks the tree exists when an inspection is written
    tree_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("green_work_orders.id", ondelete="SET NULL")
    )
    inspected_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    condition: Mapped[TreeCondition] = enum_column(TreeCondition)
    risk: Mapped[RiskRating] = enum_column(RiskRating)
    notes: Mapped[str | None] = mapped_column(String(2000))
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    geom: Mapped[Any] = geom_column("POINT")


class Photo(Base):
    """A photo of an asset or an order, its file in the photo store and its metadata."""

    __tablename__ = "green_photos"
    __table_args__ = (
        CheckConstraint("layer IN ('trees', 'green_assets', 'green_areas')", name="layer"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer: Mapped[str | None] = mapped_column(String(40))
    feature_id: Mapped[int | None] = mapped_column(Integer)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("green_work_orders.id", ondelete="SET NULL"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(40), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
