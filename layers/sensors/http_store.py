"""Observations posted over HTTP: checked against the datastreams, written with the
MQTT ingest's batch writer (same transaction shape, same idempotency), their ids read
back for the ``Location`` of each."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg

from layers.sensors.store import BatchResult, write_batch
from models.observations import Reading, Rejection


def store_posted(
    conn: psycopg.Connection, readings: Sequence[Reading], rejections: Sequence[Rejection]
) -> tuple[BatchResult, list[int]]:
    """Write the batch (source ``http``); the observation ids of ``readings``, in order."""
    result = write_batch(conn, readings, rejections, source="http")
    if not readings:
        return result, []
    rows = conn.execute(
        "SELECT k.n, o.id FROM unnest(%s::int[], %s::timestamptz[], %s::text[]) "
        "WITH ORDINALITY AS k(ds, t, m, n) JOIN sensor_observations o "
        "ON o.datastream_id = k.ds AND o.phenomenon_time = k.t AND o.message_id = k.m "
        "ORDER BY k.n",
        (
            [r.datastream_id for r in readings],
            [r.phenomenon_time for r in readings],
            [r.message_id for r in readings],
        ),
    ).fetchall()
    return result, [row[1] for row in rows]
