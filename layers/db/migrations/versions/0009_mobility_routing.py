"""Accessible routing: kerb heights, smoothness and crossing features on the pedestrian
network, barrier reports (+ photos), pedestrian-phase extension requests, and the change
log the routing graph reads to rebuild incrementally.

Revision ID: 0009
Revises: 0006
"""

from __future__ import annotations

import geoalchemy2
import sqlalchemy as sa
from alembic import op

from layers.mobility.changes import CHANGE_FUNCTION_SQL, track_changes_sql

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None

SMOOTHNESS = (
    "excellent", "good", "intermediate", "bad", "very_bad", "horrible", "very_horrible",
    "impassable",
)  # fmt: skip
REASONS = ("blocked", "broken", "construction", "parked_vehicle", "kerb", "other")
STATUSES = ("open", "closed", "expired")
#: The tables whose changes the routing graph follows (history: not today's code).
FOLLOWED = ("footways", "crossings", "barrier_reports")


def _choice(name: str, values: tuple[str, ...], *, nullable: bool = True) -> sa.Column:
    kind = sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)
    return sa.Column(name, kind, nullable=nullable)


def upgrade() -> None:
    op.add_column("footways", _choice("smoothness", SMOOTHNESS))
    op.add_column("footways", sa.Column("kerb_start_height", sa.Float()))
    op.add_column("footways", sa.Column("kerb_end_height", sa.Float()))
    op.create_check_constraint(
        "kerb_start_h", "footways", "kerb_start_height IS NULL OR kerb_start_height BETWEEN 0 AND 1"
    )
    op.create_check_constraint(
        "kerb_end_h", "footways", "kerb_end_height IS NULL OR kerb_end_height BETWEEN 0 AND 1"
    )
    for column in ("markings", "traffic_signals_vibration", "button_operated"):
        op.add_column("crossings", sa.Column(column, sa.Boolean()))
    op.add_column("crossings", sa.Column("kerb_height", sa.Float()))
    op.add_column(
        "crossings",
        sa.Column("extension_s", sa.SmallInteger(), nullable=False, server_default="6"),
    )
    op.create_check_constraint(
        "kerb_height", "crossings", "kerb_height IS NULL OR kerb_height BETWEEN 0 AND 1"
    )
    op.create_check_constraint("extension_range", "crossings", "extension_s BETWEEN 3 AND 13")

    op.create_table(
        "barrier_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "reason",
            sa.Enum(*REASONS, name="barrierreason", native_enum=False, create_constraint=True,
                    length=32),
            nullable=False,
        ),
        sa.Column("note", sa.String(500)),
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="barrierstatus", native_enum=False, create_constraint=True,
                    length=32),
            nullable=False,
            server_default="open",
        ),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("has_photo", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("reporter_id", sa.Integer()),
        sa.Column(
            "geom",
            geoalchemy2.types.Geometry(geometry_type="POINT", srid=2100, spatial_index=False),
            nullable=False,
        ),
        sa.CheckConstraint("ST_IsValid(geom) AND NOT ST_IsEmpty(geom)",
                           name=op.f("ck_barrier_reports_geom_valid")),
        sa.CheckConstraint("expires_at > reported_at",
                           name=op.f("ck_barrier_reports_expiry_after_report")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barrier_reports")),
    )  # fmt: skip
    op.create_index(
        "idx_barrier_reports_geom", "barrier_reports", ["geom"], postgresql_using="gist"
    )
    op.create_table(
        "barrier_photos",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_barrier_photos")),
    )  # fmt: skip
    op.create_table(
        "crossing_extension_requests",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("crossing_id", sa.Integer(), nullable=False),
        sa.Column("device", sa.String(64), nullable=False),
        sa.Column("extension_s", sa.SmallInteger(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crossing_extension_requests")),
    )  # fmt: skip
    op.create_index(
        "ix_crossing_extension_requests_crossing_id",
        "crossing_extension_requests",
        ["crossing_id"],
    )
    op.create_table(
        "mobility_changes",
        sa.Column("seq", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("layer", sa.String(64), nullable=False),
        sa.Column("fid", sa.Integer()),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )  # fmt: skip
    op.execute(CHANGE_FUNCTION_SQL)
    for table in FOLLOWED:
        for statement in track_changes_sql(table):
            op.execute(statement)


def downgrade() -> None:
    for table in FOLLOWED:
        for op_name in ("insert", "update", "delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS polis_mobility_{op_name} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS polis_mobility_changed()")
    op.drop_table("mobility_changes")
    op.drop_table("crossing_extension_requests")
    op.drop_table("barrier_photos")
    op.drop_table("barrier_reports")
    op.drop_constraint("ck_crossings_extension_range", "crossings")
    op.drop_constraint("ck_crossings_kerb_height", "crossings")
    for column in (
        "extension_s",
        "kerb_height",
        "button_operated",
        "traffic_signals_vibration",
        "markings",
    ):
        op.drop_column("crossings", column)
    op.drop_constraint("ck_footways_kerb_end_h", "footways")
    op.drop_constraint("ck_footways_kerb_start_h", "footways")
    for column in ("kerb_end_height", "kerb_start_height", "smoothness"):
        op.drop_column("footways", column)
