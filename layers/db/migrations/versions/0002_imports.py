"""imports: source keys of imported features (update-by-OSM-id, boundary codes), GTFS tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 00:40:00
"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feature_keys",
        sa.Column("layer_id", sa.String(length=64), nullable=False),
        sa.Column("namespace", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("feature_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("layer_id", "namespace", "key", name=op.f("pk_feature_keys")),
        sa.UniqueConstraint("layer_id", "feature_id", name="uq_feature_keys_layer_feature"),
    )


    _gtfs()


def _geom(kind: str) -> sa.Column:
    return sa.Column(
        "geom",
        Geometry(geometry_type=kind, srid=2100, dimension=2, spatial_index=False,
                 from_text="ST_GeomFromEWKT", name="geometry", nullable=False),
        nullable=False,
    )


def _valid(table: str) -> sa.CheckConstraint:
    return sa.CheckConstraint("ST_IsValid(geom) AND NOT ST_IsEmpty(geom)", name=f"ck_{table}_geom_valid")


def _gtfs() -> None:
    op.create_geospatial_table(
        "gtfs_stops",
        sa.Column("stop_id", sa.String(length=64), nullable=False),
        sa.Column("stop_code", sa.String(length=64), nullable=True),
        sa.Column("stop_name", sa.String(length=200), nullable=True),
        sa.Column("location_type", sa.SmallInteger(), nullable=False),
        sa.Column("parent_station", sa.String(length=64), nullable=True),
        sa.Column("wheelchair_boarding", sa.SmallInteger(), nullable=True),
        _geom("POINT"),
        _valid("gtfs_stops"),
        sa.PrimaryKeyConstraint("stop_id", name="pk_gtfs_stops"),
    )
    op.create_geospatial_index("idx_gtfs_stops_geom", "gtfs_stops", ["geom"], unique=False,
                               postgresql_using="gist", postgresql_ops={})
    op.create_table(
        "gtfs_routes",
        sa.Column("route_id", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.String(length=64), nullable=True),
        sa.Column("route_short_name", sa.String(length=64), nullable=True),
        sa.Column("route_long_name", sa.String(length=200), nullable=True),
        sa.Column("route_type", sa.Integer(), nullable=False),
        sa.Column("route_color", sa.String(length=6), nullable=True),
        sa.PrimaryKeyConstraint("route_id", name="pk_gtfs_routes"),
    )
    op.create_geospatial_table(
        "gtfs_shapes",
        sa.Column("shape_id", sa.String(length=64), nullable=False),
        _geom("LINESTRING"),
        _valid("gtfs_shapes"),
        sa.PrimaryKeyConstraint("shape_id", name="pk_gtfs_shapes"),
    )
    op.create_geospatial_index("idx_gtfs_shapes_geom", "gtfs_shapes", ["geom"], unique=False,
                               postgresql_using="gist", postgresql_ops={})
    op.create_table(
        "gtfs_trips",
        sa.Column("trip_id", sa.String(length=64), nullable=False),
        sa.Column("route_id", sa.String(length=64), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("trip_headsign", sa.String(length=200), nullable=True),
        sa.Column("direction_id", sa.SmallInteger(), nullable=True),
        sa.Column("shape_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["route_id"], ["gtfs_routes.route_id"], ondelete="CASCADE",
                                name="fk_gtfs_trips_route_id_gtfs_routes"),
        sa.ForeignKeyConstraint(["shape_id"], ["gtfs_shapes.shape_id"],
                                name="fk_gtfs_trips_shape_id_gtfs_shapes"),
        sa.PrimaryKeyConstraint("trip_id", name="pk_gtfs_trips"),
    )
    op.create_table(
        "gtfs_stop_times",
        sa.Column("trip_id", sa.String(length=64), nullable=False),
        sa.Column("stop_sequence", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.String(length=64), nullable=False),
        sa.Column("arrival_s", sa.Integer(), nullable=True),
        sa.Column("departure_s", sa.Integer(), nullable=True),
        sa.CheckConstraint("arrival_s IS NULL OR departure_s IS NULL OR arrival_s <= departure_s",
                           name="ck_gtfs_stop_times_times_order"),
        sa.ForeignKeyConstraint(["trip_id"], ["gtfs_trips.trip_id"], ondelete="CASCADE",
                                name="fk_gtfs_stop_times_trip_id_gtfs_trips"),
        sa.ForeignKeyConstraint(["stop_id"], ["gtfs_stops.stop_id"],
                                name="fk_gtfs_stop_times_stop_id_gtfs_stops"),
        sa.PrimaryKeyConstraint("trip_id", "stop_sequence", name="pk_gtfs_stop_times"),
    )
    op.create_index("ix_gtfs_stop_times_stop_id", "gtfs_stop_times", ["stop_id"])


def downgrade() -> None:
    for table in ("gtfs_stop_times", "gtfs_trips", "gtfs_shapes", "gtfs_routes", "gtfs_stops"):
        op.drop_table(table)
    op.drop_table("feature_keys")
