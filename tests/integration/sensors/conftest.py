"""A station with datastreams in the session database, and partitions for them."""

from __future__ import annotations

import psycopg
import pytest

from api.settings import PolisSettings
from layers.sensors.entities import DatastreamSpec, StationSpec, add_station
from layers.sensors.partitions import maintain_partitions

#: Retention of the tests' observations (days): fewer partitions to create.
RETENTION = 7


@pytest.fixture(scope="session")
def sensor_streams(pg_settings: PolisSettings) -> list[int]:
    """Datastream ids of a test river gauge: level (m, 0..10) and temperature (°C)."""
    station = StationSpec(
        name="Test gauge",
        lon=21.92,
        lat=39.365,
        datastreams=(
            DatastreamSpec("Test level", "Water level", "metre", "m", 0.0, 10.0, 60),
            DatastreamSpec("Test temperature", "Water temperature", "degree Celsius", "°C", -5, 40),
        ),
    )
    with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
        maintain_partitions(c, retention_days=RETENTION, ahead_days=2)
        return add_station(c, station)
