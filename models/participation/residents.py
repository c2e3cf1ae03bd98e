"""Residents verified for participation: the census (stored only as keyed hashes),
codes sent by post, and the verification each account holds.

The census never leaves the server: a row is the keyed hash (server secret) of a
document number with the birth year and neighbourhood, nothing else.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.participation.enums import VerificationMethod

BIRTH_YEAR = "birth_year BETWEEN 1900 AND 2100"


class CensusEntry(Base):
    """One resident in the imported census."""

    __tablename__ = "census_entries"
    __table_args__ = (CheckConstraint(BIRTH_YEAR, name="birth_year_range"),)

    document_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    birth_year: Mapped[int] = mapped_column(Integer, nullable=False)
    neighbourhood: Mapped[str] = mapped_column(String(200), nullable=False)


class PostalCode(Base):
    """A single-use verification code sent by post (stored as its keyed hash)."""

    __tablename__ = "postal_codes"
    __table_args__ = (CheckConstraint(BIRTH_YEAR, name="birth_year_range"),)

    code_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    birth_year: Mapped[int] = mapped_column(Integer, nullable=False)
    neighbourhood: Mapped[str] = mapped_column(String(200), nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Resident(Base):
    """An account verified as a resident (one account per census entry or code)."""

    __tablename__ = "residents"
    __table_args__ = (CheckConstraint(BIRTH_YEAR, name="birth_year_range"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    method: Mapped[VerificationMethod] = enum_column(VerificationMethod)
    source_key: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    birth_year: Mapped[int] = mapped_column(Integer, nullable=False)
    neighbourhood: Mapped[str] = mapped_column(String(200), nullable=False)
    verified_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
