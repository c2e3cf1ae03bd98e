"""Raster catalogue: every stored raster of the database and where it lives.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "raster_catalogue",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("srid", sa.Integer(), nullable=False),
        sa.Column("minx", sa.Float(), nullable=False),
        sa.Column("miny", sa.Float(), nullable=False),
        sa.Column("maxx", sa.Float(), nullable=False),
        sa.Column("maxy", sa.Float(), nullable=False),
        sa.Column("res_x", sa.Float(), nullable=False),
        sa.Column("res_y", sa.Float(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("statistics", postgresql.JSONB(), nullable=False, server_default="{}"),
        sa.Column("source", sa.String(200)),
        sa.Column("synthetic", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("licence", sa.String(120)),
        sa.Column(
            "created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint(
            "width > 0 AND height > 0", name=op.f("ck_raster_catalogue_size_positive")
        ),
        sa.CheckConstraint(
            "res_x > 0 AND res_y > 0", name=op.f("ck_raster_catalogue_resolution_positive")
        ),
        sa.CheckConstraint(
            "minx < maxx AND miny < maxy", name=op.f("ck_raster_catalogue_bounds_ordered")
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_raster_catalogue")),
    )


def downgrade() -> None:
    op.drop_table("raster_catalogue")
