"""Administrative boundaries: the municipality, its units and communities, neighbourhoods."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import BoundaryKind


class Boundary(Base):
    """An administrative area (Kallikratis / Kleisthenis hierarchy)."""

    __tablename__ = "boundaries"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("population IS NULL OR population >= 0", name="population_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    kind: Mapped[BoundaryKind] = enum_column(BoundaryKind)
    name_el, name_en = name_columns()
    population: Mapped[int | None] = mapped_column(Integer)
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")


class Neighbourhood(Base):
    """A neighbourhood (γειτονιά) of the town, used for statistics and participatory budgeting."""

    __tablename__ = "neighbourhoods"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("population IS NULL OR population >= 0", name="population_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_el, name_en = name_columns()
    population: Mapped[int | None] = mapped_column(Integer)
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")
