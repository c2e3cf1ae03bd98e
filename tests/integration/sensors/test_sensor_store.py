"""Observations into the partitions: idempotent, latest readings, rejections, retention."""

from __future__ import annotations

import datetime as dt

import psycopg

from gis.sensors.validate import Window, check_body
from layers.sensors import LIVE_CHANNEL
from layers.sensors.partitions import existing_partitions, maintain_partitions, partition_name
from layers.sensors.store import datastream_rules, rejection_counts, write_batch
from models.observations import Reading, Rejection

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def stored(conn: psycopg.Connection, ds: int) -> list[tuple[dt.datetime, float, str]]:
    return conn.execute(
        "SELECT phenomenon_time, result, message_id FROM sensor_observations "
        "WHERE datastream_id = %s ORDER BY phenomenon_time, message_id",
        (ds,),
    ).fetchall()


def test_batch_is_stored_once_and_moves_the_latest_reading(
    conn: psycopg.Connection, sensor_streams: list[int]
) -> None:
    level = sensor_streams[0]
    t0 = NOW - dt.timedelta(minutes=10)
    batch = [Reading(level, t0 + dt.timedelta(minutes=i), 1.0 + i, f"m{i}") for i in range(5)]
    first = write_batch(conn, batch)
    again = write_batch(conn, batch + batch)  # redelivered, twice in one batch too
    assert (first.stored, again.stored) == (5, 0)
    assert [r[1] for r in stored(conn, level)] == [1.0, 2.0, 3.0, 4.0, 5.0]
    latest = conn.execute(
        "SELECT result, phenomenon_time FROM sensor_readings WHERE id = %s", (level,)
    ).fetchone()
    assert latest == (5.0, t0 + dt.timedelta(minutes=4))
    # an older observation arriving late is stored but does not move the latest
    late = write_batch(conn, [Reading(level, t0 - dt.timedelta(hours=1), 9.5, "late")])
    assert late.stored == 1 and late.changed == []
    row = conn.execute("SELECT result FROM sensor_readings WHERE id = %s", (level,)).fetchone()
    assert row == (5.0,)


def test_commit_notifies_the_live_channel(
    pg_settings, conn: psycopg.Connection, sensor_streams: list[int]
) -> None:
    with psycopg.connect(pg_settings.dsn, autocommit=True) as listener:
        listener.execute(f"LISTEN {LIVE_CHANNEL}")
        write_batch(conn, [Reading(sensor_streams[1], NOW, 12.5, "notify")])
        got = next(listener.notifies(timeout=5, stop_after=1))
    assert got.channel == LIVE_CHANNEL
    assert f'"ids":[{sensor_streams[1]}]' in got.payload


def test_bad_observations_are_kept_with_their_reason(
    conn: psycopg.Connection, sensor_streams: list[int]
) -> None:
    level = sensor_streams[0]
    rules = datastream_rules(conn)
    window = Window.around(NOW, retention_days=7, max_future_s=300)
    before = rejection_counts(conn)
    body = (
        b'[{"phenomenonTime": "%s", "result": 11.0},'
        b' {"phenomenonTime": "%s", "result": "high"},'
        b' {"phenomenonTime": "%s", "result": 1.0, "unit": "cm"},'
        b' {"phenomenonTime": "%s", "result": 1.0},'
        b' {"phenomenonTime": "2020-01-01T00:00:00Z", "result": 1.0},'
        b' {"phenomenonTime": "yesterday", "result": 1.0},'
        b' {"phenomenonTime": "%s", "result": 2.5, "id": 7}]'
    ) % (
        NOW.isoformat().encode(),
        NOW.isoformat().encode(),
        NOW.isoformat().encode(),
        (NOW + dt.timedelta(minutes=6)).isoformat().encode(),
        (NOW - dt.timedelta(seconds=30)).isoformat().encode(),
    )
    checked = list(check_body(body, level, rules, window))
    checked += list(check_body(b'{"phenomenonTime": 1}', 999_999, rules, window))
    checked += list(check_body(b"{not json", level, rules, window))
    good = [c for c in checked if isinstance(c, Reading)]
    bad = [c for c in checked if isinstance(c, Rejection)]
    assert [g.message_id for g in good] == ["7"]
    assert [(b.reason.value, b.field) for b in bad] == [
        ("out_of_range", "result"),
        ("non_numeric", "result"),
        ("wrong_unit", "unit"),
        ("future_time", "phenomenonTime"),
        ("too_old", "phenomenonTime"),
        ("bad_time", "phenomenonTime"),
        ("unknown_datastream", "datastream"),
        ("malformed", "body"),
    ]
    result = write_batch(conn, good, bad)
    assert (result.stored, result.rejected) == (1, 8)
    after = rejection_counts(conn)
    for b in bad:
        assert after[b.reason.value] > before.get(b.reason.value, 0)
    kept = conn.execute(
        "SELECT payload FROM sensor_rejections WHERE reason = 'non_numeric' ORDER BY id DESC"
    ).fetchone()
    assert kept is not None and '"high"' in kept[0]


def test_partitions_are_created_ahead_and_dropped_whole(conn: psycopg.Connection) -> None:
    today = NOW.date()
    maintain_partitions(conn, retention_days=7, ahead_days=2)
    have = existing_partitions(conn)
    assert today + dt.timedelta(days=2) in have and today - dt.timedelta(days=7) in have
    # an old day's partition with a row in it goes whole once it is past the retention
    old = today - dt.timedelta(days=9)
    conn.execute(
        f"CREATE TABLE {partition_name(old)} PARTITION OF sensor_observations "  # noqa: S608
        "FOR VALUES FROM (%s) TO (%s)".replace("%s", "'{}'").format(
            old.isoformat(), (old + dt.timedelta(days=1)).isoformat()
        )
    )
    change = maintain_partitions(conn, retention_days=7, ahead_days=2)
    assert change.dropped == [partition_name(old)] and change.created == []
    assert old not in existing_partitions(conn)
