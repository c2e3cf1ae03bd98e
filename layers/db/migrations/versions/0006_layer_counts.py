"""Layer counts: each layer table's row count, kept exact by statement-level triggers.

``numberMatched`` of an unfiltered items page is read from here (see
``layers/db/counts.py``). The layer tables of revisions 0001–0004 are tracked now;
tables of later layers are tracked by their own migration (``track_sql``) or by the
registry sweep the migration environment runs after every upgrade.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from layers.db.counts import COUNT_ROWS_FUNCTION, TRACK_FUNCTION_SQL, track_sql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: The layer tables that exist at this revision (history: not the registry of today).
LAYER_TABLES = (
    "boundaries",
    "neighbourhoods",
    "roads",
    "waterways",
    "buildings",
    "parking_zones",
    "parking_bays",
    "transit_stops",
    "footways",
    "crossings",
    "trees",
    "green_areas",
    "flood_zones",
    "market_stalls",
    "businesses",
)


def upgrade() -> None:
    op.create_table(
        "layer_counts",
        sa.Column("relid", postgresql.REGCLASS(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("relid", name=op.f("pk_layer_counts")),
    )
    op.execute(COUNT_ROWS_FUNCTION)
    op.execute(TRACK_FUNCTION_SQL)
    for table in LAYER_TABLES:
        op.execute(track_sql(table))


def downgrade() -> None:
    # every tracked table, including those the registry sweep tracked after this revision
    op.execute(
        "DO $$ DECLARE r record; BEGIN "
        "FOR r IN SELECT tgname, tgrelid::regclass AS rel FROM pg_trigger "
        "WHERE tgname IN ('polis_count_insert', 'polis_count_delete', 'polis_count_truncate') "
        "LOOP "
        "EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.rel); "
        "END LOOP; END $$"
    )
    op.execute("DROP FUNCTION IF EXISTS polis_track_count(regclass)")
    op.execute("DROP FUNCTION IF EXISTS polis_count_rows()")
    op.drop_table("layer_counts")
