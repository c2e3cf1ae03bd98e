"""Writing observations: one transaction per batch — COPY into a temporary table,
INSERT … ON CONFLICT DO NOTHING into the partitions (idempotent on datastream,
phenomenon time and message id), the latest readings brought forward, the rejections
kept, and one NOTIFY on the live channel. The caller acknowledges the batch's messages
only after :func:`write_batch` returns (the transaction committed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import orjson
import psycopg

from layers.sensors import LIVE_CHANNEL
from models.observations import DatastreamRule, Reading, Rejection

_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS incoming_observations (
    datastream_id integer NOT NULL,
    phenomenon_time timestamptz NOT NULL,
    result double precision NOT NULL,
    message_id varchar(100) NOT NULL
) ON COMMIT DELETE ROWS
"""
_INSERT = """
INSERT INTO sensor_observations (datastream_id, phenomenon_time, result, message_id)
SELECT datastream_id, phenomenon_time, result, message_id FROM incoming_observations
ON CONFLICT (datastream_id, phenomenon_time, message_id) DO NOTHING
"""
_LATEST = """
UPDATE sensor_readings AS r SET result = l.result, phenomenon_time = l.phenomenon_time
FROM (
    SELECT DISTINCT ON (datastream_id) datastream_id, phenomenon_time, result
    FROM incoming_observations ORDER BY datastream_id, phenomenon_time DESC
) AS l
WHERE r.id = l.datastream_id
  AND (r.phenomenon_time IS NULL OR l.phenomenon_time >= r.phenomenon_time)
RETURNING r.id
"""
_REJECT = (
    "COPY sensor_rejections (source, datastream_id, reason, field, detail, payload) FROM STDIN"
)
#: PostgreSQL's NOTIFY payload limit is 8000 bytes; beyond this many ids a
#: notification says only "the layer changed".
MAX_NOTIFIED_IDS = 500


@dataclass(frozen=True)
class BatchResult:
    stored: int  # new observations (duplicates not counted)
    rejected: int
    changed: list[int]  # datastreams whose latest reading moved


def write_batch(
    conn: psycopg.Connection,
    readings: Sequence[Reading],
    rejections: Sequence[Rejection] = (),
    *,
    source: str = "mqtt",
) -> BatchResult:
    """Store one batch in one transaction (committed on return)."""
    stored = 0
    changed: list[int] = []
    with conn.transaction():
        if readings:
            conn.execute(_STAGE)
            with conn.cursor() as cur:
                with cur.copy(
                    "COPY incoming_observations (datastream_id, phenomenon_time, result, "
                    "message_id) FROM STDIN"
                ) as copy:
                    for r in readings:
                        copy.write_row((r.datastream_id, r.phenomenon_time, r.result, r.message_id))
                cur.execute(_INSERT)
                stored = cur.rowcount
                changed = [row[0] for row in cur.execute(_LATEST).fetchall()]
        if rejections:
            with conn.cursor() as cur, cur.copy(_REJECT) as copy:
                for j in rejections:
                    copy.write_row(
                        (source, j.datastream_id, j.reason.value, j.field, j.detail, j.payload)
                    )
        if changed:
            notify(conn, "sensor_readings", changed)
    return BatchResult(stored, len(rejections), changed)


def notify(conn: psycopg.Connection, layer: str, ids: Sequence[int]) -> None:
    """Announce changed features of ``layer`` on the live channel (sent at commit)."""
    body: dict[str, object] = {"layer": layer}
    if len(ids) <= MAX_NOTIFIED_IDS:
        body["ids"] = sorted(set(ids))
    conn.execute("SELECT pg_notify(%s, %s)", (LIVE_CHANNEL, orjson.dumps(body).decode()))


def datastream_rules(conn: psycopg.Connection) -> dict[int, DatastreamRule]:
    """Every datastream's unit and valid range."""
    rows = conn.execute(
        "SELECT id, unit_symbol, valid_min, valid_max FROM sensor_datastreams"
    ).fetchall()
    return {row[0]: DatastreamRule(*row) for row in rows}


def refresh_readings(conn: psycopg.Connection) -> int:
    """Give every datastream its row in ``sensor_readings`` (names and location brought
    up to date, the latest value kept); the number of rows written."""
    cur = conn.execute(
        """
        INSERT INTO sensor_readings (id, thing, datastream, observed_property, unit_symbol, geom)
        SELECT DISTINCT ON (d.id) d.id, t.name, d.name, p.name, d.unit_symbol, l.geom
        FROM sensor_datastreams d
        JOIN sensor_things t ON t.id = d.thing_id
        JOIN sensor_observed_properties p ON p.id = d.observed_property_id
        JOIN sensor_thing_locations tl ON tl.thing_id = t.id
        JOIN sensor_locations l ON l.id = tl.location_id
        ORDER BY d.id, l.id DESC
        ON CONFLICT (id) DO UPDATE SET thing = excluded.thing, datastream = excluded.datastream,
            observed_property = excluded.observed_property,
            unit_symbol = excluded.unit_symbol, geom = excluded.geom
        """
    )
    return cur.rowcount


def rejection_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rejected observations per reason."""
    rows = conn.execute("SELECT reason, count(*) FROM sensor_rejections GROUP BY reason")
    return {reason: n for reason, n in rows.fetchall()}


def ingest_status(conn: psycopg.Connection) -> dict[str, object]:
    """Counts for ``/sensors/ingest-status``: rejections per reason, observations
    received in the last hour, the newest reception, datastreams, partitions."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM sensor_observations "
        "        WHERE phenomenon_time > now() - interval '1 hour'), "
        "(SELECT max(received_at) FROM sensor_observations "
        "        WHERE phenomenon_time > now() - interval '1 day'), "
        "(SELECT count(*) FROM sensor_datastreams), "
        "(SELECT count(*) FROM pg_inherits WHERE inhparent = 'sensor_observations'::regclass)"
    ).fetchone()
    assert row is not None
    return {
        "rejected": rejection_counts(conn),
        "observations_last_hour": row[0],
        "last_received": row[1],
        "datastreams": row[2],
        "partitions": row[3],
    }
