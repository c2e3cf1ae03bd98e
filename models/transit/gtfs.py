"""The static GTFS timetable (stops, routes, trips, stop times, shapes) of the bus network.

One feed at a time: an import replaces the previous feed. Times are seconds after the
service day's noon-minus-12h (GTFS allows 25:10:00 for trips after midnight).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, geom_column, valid_geom


class GtfsStop(Base):
    """A GTFS stop, station or entrance (``stops.txt``)."""

    __tablename__ = "gtfs_stops"
    __table_args__ = (valid_geom(),)

    stop_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    stop_code: Mapped[str | None] = mapped_column(String(64))
    stop_name: Mapped[str | None] = mapped_column(String(200))
    location_type: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    parent_station: Mapped[str | None] = mapped_column(String(64))
    wheelchair_boarding: Mapped[int | None] = mapped_column(SmallInteger)
    geom: Mapped[Any] = geom_column("POINT")


class GtfsRoute(Base):
    """A GTFS route (``routes.txt``)."""

    __tablename__ = "gtfs_routes"

    route_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[str | None] = mapped_column(String(64))
    route_short_name: Mapped[str | None] = mapped_column(String(64))
    route_long_name: Mapped[str | None] = mapped_column(String(200))
    route_type: Mapped[int] = mapped_column(Integer, nullable=False)
    route_color: Mapped[str | None] = mapped_column(String(6))


class GtfsShape(Base):
    """A trip's drawn path (``shapes.txt``, points joined in sequence)."""

    __tablename__ = "gtfs_shapes"
    __table_args__ = (valid_geom(),)

    shape_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    geom: Mapped[Any] = geom_column("LINESTRING")


class GtfsTrip(Base):
    """A GTFS trip (``trips.txt``)."""

    __tablename__ = "gtfs_trips"

    trip_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    route_id: Mapped[str] = mapped_column(
        ForeignKey("gtfs_routes.route_id", ondelete="CASCADE"), nullable=False
    )
    service_id: Mapped[str] = mapped_column(String(64), nullable=False)
    trip_headsign: Mapped[str | None] = mapped_column(String(200))
    direction_id: Mapped[int | None] = mapped_column(SmallInteger)
    shape_id: Mapped[str | None] = mapped_column(ForeignKey("gtfs_shapes.shape_id"))


class GtfsStopTime(Base):
    """A stop of a trip (``stop_times.txt``); times in seconds after midnight."""

    __tablename__ = "gtfs_stop_times"
    __table_args__ = (
        CheckConstraint(
            "arrival_s IS NULL OR departure_s IS NULL OR arrival_s <= departure_s",
            name="times_order",
        ),
    )

    trip_id: Mapped[str] = mapped_column(
        ForeignKey("gtfs_trips.trip_id", ondelete="CASCADE"), primary_key=True
    )
    stop_sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    stop_id: Mapped[str] = mapped_column(
        ForeignKey("gtfs_stops.stop_id"), nullable=False, index=True
    )
    arrival_s: Mapped[int | None] = mapped_column(Integer)
    departure_s: Mapped[int | None] = mapped_column(Integer)
