"""Domain `transit`: bus stops and the static GTFS timetable."""

from models.transit.gtfs import GtfsRoute, GtfsShape, GtfsStop, GtfsStopTime, GtfsTrip
from models.transit.stops import TransitStop

__all__ = ["GtfsRoute", "GtfsShape", "GtfsStop", "GtfsStopTime", "GtfsTrip", "TransitStop"]
