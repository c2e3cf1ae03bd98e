"""Declarative base and the column helpers every spatial table shares."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import CheckConstraint, Enum, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Greek Grid (GGRS87 / Greek Grid), metres: the storage CRS of every layer.
STORAGE_SRID = 2100

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every Polis table; constraint names follow one convention."""

    metadata = MetaData(naming_convention=NAMING)


def geom_column(geometry_type: str, *, srid: int = STORAGE_SRID) -> Mapped[Any]:
    """A NOT NULL geometry column ``geom`` with a typmod (type + SRID) and a GiST index.

    The typmod makes PostGIS itself reject a geometry of another type or SRID.
    """
    return mapped_column(
        Geometry(geometry_type=geometry_type, srid=srid, spatial_index=True),
        nullable=False,
    )


def valid_geom() -> CheckConstraint:
    """CHECK that rejects invalid or empty geometries."""
    return CheckConstraint("ST_IsValid(geom) AND NOT ST_IsEmpty(geom)", name="geom_valid")


def enum_column(
    enum: type[StrEnum], *, nullable: bool = False, default: Any = None, check: str | None = None
) -> Any:
    """A VARCHAR column restricted by a CHECK constraint to the values of ``enum``.

    ``check`` names the constraint when a table has two columns of the same enum.
    """
    return mapped_column(
        Enum(
            enum,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            name=check or enum.__name__.lower(),
        ),
        nullable=nullable,
        default=default,
    )


def name_columns() -> tuple[Mapped[str | None], Mapped[str | None]]:
    """Greek and Latin-script names (``name_el``, ``name_en``)."""
    return (
        mapped_column(String(200), nullable=True),
        mapped_column(String(200), nullable=True),
    )
