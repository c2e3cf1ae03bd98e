"""Payments: payment orders with ISO 11649 RF references, and bank statement lines.

A layer table with a ``fee_status`` column (market stalls today) shows the status of its
features' latest order: a trigger on ``payment_orders`` keeps it.

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


FEE_STATUS = """
CREATE FUNCTION polis_fee_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
             AND table_name = NEW.layer AND column_name = 'fee_status')
     AND NOT EXISTS (SELECT 1 FROM payment_orders o WHERE o.layer = NEW.layer
             AND o.feature_id = NEW.feature_id AND o.period_start > NEW.period_start) THEN
    EXECUTE format('UPDATE %I SET fee_status = $1 WHERE id = $2', NEW.layer)
      USING NEW.status, NEW.feature_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER polis_fee_status AFTER INSERT OR UPDATE OF status ON payment_orders
  FOR EACH ROW EXECUTE FUNCTION polis_fee_status();
"""


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
    op.add_column(
        "market_stalls",
        sa.Column(
            "fee_status",
            sa.Enum("due", "partly_paid", "paid", "cancelled", name="paymentstatus",
                    native_enum=False, create_constraint=True, length=32),
        ),
    )
    op.execute(FEE_STATUS)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS polis_fee_status ON payment_orders")
    op.execute("DROP FUNCTION IF EXISTS polis_fee_status()")
    op.drop_column("market_stalls", "fee_status")
    op.drop_table("bank_transactions")
    op.drop_index("ix_payment_orders_object", table_name="payment_orders")
    op.drop_table("payment_orders")
