"""Payments: payment orders with ISO 11649 RF references, and bank statement lines.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(25), nullable=False, unique=True),
        sa.Column("layer", sa.String(64), nullable=False),
        sa.Column("feature_id", sa.Integer(), nullable=False),
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("description", sa.String(300), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("paid", sa.Numeric(12, 2), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("due", "partly_paid", "paid", "cancelled", name="paymentstatus",
                    native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payment_orders_amount_positive")),
        sa.CheckConstraint("paid >= 0", name=op.f("ck_payment_orders_paid_positive")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_payment_orders_period_order")),
        sa.UniqueConstraint("layer", "feature_id", "period_start", name=op.f("uq_payment_orders_one_per_period")),
    )
    op.create_index("ix_payment_orders_object", "payment_orders", ["layer", "feature_id"])
    op.create_table(
        "bank_transactions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("bank_reference", sa.String(64), nullable=False, unique=True),
        sa.Column("booked", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("remittance", sa.String(300), nullable=False),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("payment_orders.id")),
    )


def downgrade() -> None:
    op.drop_table("bank_transactions")
    op.drop_index("ix_payment_orders_object", table_name="payment_orders")
    op.drop_table("payment_orders")
