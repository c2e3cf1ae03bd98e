"""Live sensor data, modelled on OGC SensorThings API v1.1.

Things stand at Locations and carry Datastreams; a Datastream is one Sensor measuring
one ObservedProperty in one unit, with a valid range and an expected reporting
interval. Observations are stored in native PostgreSQL range partitions by
``phenomenon_time`` (one per day, created ahead and dropped after the retention by
``layers.sensors.partitions``); ``sensor_readings`` holds the latest observation of each
Datastream at its Thing's location and is published as an OGC API – Features layer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, geom_column, valid_geom
from models.enums import Choice


class RejectReason(Choice):
    """Why an incoming observation was not stored (counted per reason)."""

    MALFORMED = "malformed", "Μη έγκυρο μήνυμα", "Malformed message"
    UNKNOWN_DATASTREAM = "unknown_datastream", "Άγνωστη ροή δεδομένων", "Unknown datastream"
    BAD_TIME = "bad_time", "Μη έγκυρος χρόνος", "Invalid phenomenonTime"
    FUTURE_TIME = "future_time", "Χρόνος στο μέλλον", "phenomenonTime in the future"
    TOO_OLD = "too_old", "Παλαιότερο από τη διατήρηση", "Older than the retention"
    NON_NUMERIC = "non_numeric", "Μη αριθμητική τιμή", "Non-numeric result"
    OUT_OF_RANGE = "out_of_range", "Τιμή εκτός ορίων", "Result out of the valid range"
    WRONG_UNIT = "wrong_unit", "Λάθος μονάδα", "Wrong unit"


class SensorThing(Base):
    """A SensorThings *Thing*: the object observed (a gauge, a station, a counter)."""

    __tablename__ = "sensor_things"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    properties: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, server_default=text("'{}'::jsonb")
    )


class SensorLocation(Base):
    """A SensorThings *Location* (a point in the storage CRS)."""

    __tablename__ = "sensor_locations"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    geom: Mapped[Any] = geom_column("POINT")


class SensorThingLocation(Base):
    """Which Location(s) a Thing stands at."""

    __tablename__ = "sensor_thing_locations"

    thing_id: Mapped[int] = mapped_column(
        ForeignKey("sensor_things.id", ondelete="CASCADE"), primary_key=True
    )
    location_id: Mapped[int] = mapped_column(
        ForeignKey("sensor_locations.id", ondelete="CASCADE"), primary_key=True
    )


class SensorDevice(Base):
    """A SensorThings *Sensor*: the instrument (its metadata is a URL or a description)."""

    __tablename__ = "sensor_devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    encoding_type: Mapped[str] = mapped_column(String(100), nullable=False, default="text/html")
    metadata_: Mapped[str] = mapped_column("metadata", Text, nullable=False, default="")


class ObservedProperty(Base):
    """A SensorThings *ObservedProperty* (water level, rainfall, PM2.5 ...)."""

    __tablename__ = "sensor_observed_properties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    definition: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Datastream(Base):
    """A SensorThings *Datastream*: one Sensor observing one property of one Thing."""

    __tablename__ = "sensor_datastreams"
    __table_args__ = (
        CheckConstraint(
            "valid_min IS NULL OR valid_max IS NULL OR valid_min <= valid_max", name="range"
        ),
        CheckConstraint("expected_interval_s IS NULL OR expected_interval_s > 0", name="interval"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    observation_type: Mapped[str] = mapped_column(
        String(200),
        nullable=False,
        default="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
    )
    unit_name: Mapped[str] = mapped_column(String(100), nullable=False)
    unit_symbol: Mapped[str] = mapped_column(String(30), nullable=False)
    unit_definition: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    valid_min: Mapped[float | None] = mapped_column(Float)
    valid_max: Mapped[float | None] = mapped_column(Float)
    expected_interval_s: Mapped[int | None] = mapped_column(Integer)
    thing_id: Mapped[int] = mapped_column(
        ForeignKey("sensor_things.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sensor_id: Mapped[int] = mapped_column(ForeignKey("sensor_devices.id"), nullable=False)
    observed_property_id: Mapped[int] = mapped_column(
        ForeignKey("sensor_observed_properties.id"), nullable=False
    )


class Observation(Base):
    """A SensorThings *Observation*. The table is partitioned by ``phenomenon_time``
    (native range partitions, one per day); ``message_id`` is the publisher's id or ''.
    Unique on (datastream, phenomenon time, message id): a message delivered twice is
    stored once."""

    __tablename__ = "sensor_observations"
    __table_args__ = (
        Index(
            "uq_sensor_observations_key",
            "datastream_id",
            "phenomenon_time",
            "message_id",
            unique=True,
        ),
        {"postgresql_partition_by": "RANGE (phenomenon_time)"},
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    phenomenon_time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    datastream_id: Mapped[int] = mapped_column(
        ForeignKey("sensor_datastreams.id", ondelete="CASCADE"), nullable=False
    )
    result: Mapped[float] = mapped_column(Float, nullable=False)
    result_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    message_id: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    received_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=text("now()")
    )


class SensorReading(Base):
    """The latest observation of each Datastream at its Thing's location: the layer
    ``sensor_readings``, kept current by the ingest in the observations' transaction."""

    __tablename__ = "sensor_readings"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(
        ForeignKey("sensor_datastreams.id", ondelete="CASCADE"), primary_key=True
    )
    thing: Mapped[str] = mapped_column(String(200), nullable=False)
    datastream: Mapped[str] = mapped_column(String(200), nullable=False)
    observed_property: Mapped[str] = mapped_column(String(200), nullable=False)
    unit_symbol: Mapped[str] = mapped_column(String(30), nullable=False)
    result: Mapped[float | None] = mapped_column(Float)
    phenomenon_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    geom: Mapped[Any] = geom_column("POINT")


class RejectedMessage(Base):
    """An observation that was not stored, with the reason: bad input is kept, not lost."""

    __tablename__ = "sensor_rejections"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=text("now()")
    )
    source: Mapped[str] = mapped_column(String(10), nullable=False)  # mqtt | http
    datastream_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    field: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    payload: Mapped[str] = mapped_column(Text, nullable=False, default="")
