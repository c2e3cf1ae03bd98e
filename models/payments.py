"""Payments: one payment order per payable thing (a stall's fee, later parking, permits),
linked to the mapped object, with an ISO 11649 RF creditor reference."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.enums import Choice


class PaymentStatus(Choice):
    DUE = "due", "Οφειλόμενο", "Due"
    PARTLY_PAID = "partly_paid", "Μερικώς εξοφλημένο", "Partly paid"
    PAID = "paid", "Εξοφλημένο", "Paid"
    CANCELLED = "cancelled", "Ακυρωμένο", "Cancelled"


class PaymentOrder(Base):
    """What someone owes for one object (``layer`` + ``feature_id``) and one period."""

    __tablename__ = "payment_orders"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("paid >= 0", name="paid_positive"),
        CheckConstraint("period_end >= period_start", name="period_order"),
        UniqueConstraint("layer", "feature_id", "period_start", name="one_per_period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(25), nullable=False, unique=True)
    layer: Mapped[str] = mapped_column(String(64), nullable=False)
    feature_id: Mapped[int] = mapped_column(Integer, nullable=False)
    payer: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)
    paid: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False, default=0)
    period_start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    period_end: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[PaymentStatus] = enum_column(PaymentStatus, default=PaymentStatus.DUE)
    created: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class BankTransaction(Base):
    """A credit line of a bank statement, matched to an order by its RF reference."""

    __tablename__ = "bank_transactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_reference: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    booked: Mapped[dt.date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)
    remittance: Mapped[str] = mapped_column(String(300), nullable=False)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("payment_orders.id"))
