"""Waterways: rivers, streams, canals and drains.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import geoalchemy2
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "waterways",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("osm_id", sa.BigInteger()),
        sa.Column("name_el", sa.String(200)),
        sa.Column("name_en", sa.String(200)),
        sa.Column(
            "kind",
            sa.Enum("river", "stream", "canal", "drain", "ditch", name="waterwaykind",
                    native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("intermittent", sa.Boolean(), nullable=False),
        sa.Column("width_m", sa.Float()),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(
                geometry_type="MULTILINESTRING", srid=2100, spatial_index=False
            ),
            nullable=False,
        ),
        sa.CheckConstraint("ST_IsValid(geom) AND NOT ST_IsEmpty(geom)", name=op.f("ck_waterways_geom_valid")),
        sa.CheckConstraint(
            "width_m IS NULL OR width_m > 0 AND width_m < 2000", name=op.f("ck_waterways_width_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waterways")),
    )
    op.create_index("idx_waterways_geom", "waterways", ["geom"], postgresql_using="gist")


def downgrade() -> None:
    op.drop_index("idx_waterways_geom", table_name="waterways", postgresql_using="gist")
    op.drop_table("waterways")
