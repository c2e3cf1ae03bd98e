"""Creating SensorThings entities: a station (Thing at a Location) with its
Datastreams, Sensors and ObservedProperties, and its rows in ``sensor_readings``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import psycopg

from layers.sensors.store import refresh_readings


@dataclass(frozen=True)
class DatastreamSpec:
    """One datastream of a station: what it measures, in which unit, within which range."""

    name: str
    observed_property: str
    unit_name: str
    unit_symbol: str
    valid_min: float | None = None
    valid_max: float | None = None
    expected_interval_s: int | None = 60
    definition: str = ""
    sensor: str = ""


@dataclass(frozen=True)
class StationSpec:
    """A Thing at a point (CRS84 longitude, latitude) with its datastreams."""

    name: str
    lon: float
    lat: float
    description: str = ""
    properties: dict[str, object] = field(default_factory=dict)
    datastreams: Sequence[DatastreamSpec] = ()


def add_station(conn: psycopg.Connection, station: StationSpec) -> list[int]:
    """Create ``station`` in one transaction; the ids of its datastreams, in order."""
    from psycopg.types.json import Jsonb

    ids: list[int] = []
    with conn.transaction():
        thing = _one(
            conn,
            "INSERT INTO sensor_things (name, description, properties) VALUES (%s, %s, %s) "
            "RETURNING id",
            (station.name, station.description, Jsonb(station.properties)),
        )
        location = _one(
            conn,
            "INSERT INTO sensor_locations (name, description, geom) VALUES (%s, %s, "
            "ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100)) RETURNING id",
            (station.name, station.description, station.lon, station.lat),
        )
        conn.execute(
            "INSERT INTO sensor_thing_locations (thing_id, location_id) VALUES (%s, %s)",
            (thing, location),
        )
        for ds in station.datastreams:
            prop = _observed_property(conn, ds)
            sensor = _one(
                conn,
                "INSERT INTO sensor_devices (name, description) VALUES (%s, %s) RETURNING id",
                (ds.sensor or f"{station.name}: {ds.observed_property}", ds.name),
            )
            ids.append(
                _one(
                    conn,
                    "INSERT INTO sensor_datastreams (name, description, unit_name, unit_symbol, "
                    "unit_definition, valid_min, valid_max, expected_interval_s, thing_id, "
                    "sensor_id, observed_property_id) VALUES (%s, %s, %s, %s, '', %s, %s, %s, "
                    "%s, %s, %s) RETURNING id",
                    (
                        ds.name,
                        f"{station.name}: {ds.name}",
                        ds.unit_name,
                        ds.unit_symbol,
                        ds.valid_min,
                        ds.valid_max,
                        ds.expected_interval_s,
                        thing,
                        sensor,
                        prop,
                    ),
                )
            )
        refresh_readings(conn)
    return ids


def _observed_property(conn: psycopg.Connection, ds: DatastreamSpec) -> int:
    row = conn.execute(
        "SELECT id FROM sensor_observed_properties WHERE name = %s", (ds.observed_property,)
    ).fetchone()
    if row is not None:
        return int(row[0])
    return _one(
        conn,
        "INSERT INTO sensor_observed_properties (name, definition) VALUES (%s, %s) RETURNING id",
        (ds.observed_property, ds.definition),
    )


def _one(conn: psycopg.Connection, query: str, params: tuple[object, ...]) -> int:
    row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])


#: Every sensor table, emptied together by :func:`clear_sensors`.
SENSOR_TABLES = (
    "sensor_rejections",
    "sensor_readings",
    "sensor_observations",
    "sensor_datastreams",
    "sensor_observed_properties",
    "sensor_devices",
    "sensor_thing_locations",
    "sensor_locations",
    "sensor_things",
)


def clear_sensors(conn: psycopg.Connection) -> None:
    """Empty every sensor table (ids restart at 1); partitions are kept."""
    conn.execute(f"TRUNCATE {', '.join(SENSOR_TABLES)} RESTART IDENTITY")  # noqa: S608


def datastream_kinds(conn: psycopg.Connection) -> list[tuple[int, str]]:
    """(datastream id, observed property name) of every datastream."""
    rows = conn.execute(
        "SELECT d.id, p.name FROM sensor_datastreams d "
        "JOIN sensor_observed_properties p ON p.id = d.observed_property_id ORDER BY d.id"
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]
