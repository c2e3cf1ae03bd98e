"""The Polis data model: SQLAlchemy 2 + GeoAlchemy2 tables, enums and errors. No I/O."""

from models.base import STORAGE_SRID, Base
from models.boundaries import Boundary, Neighbourhood
from models.buildings import Building
from models.commerce import Business, MarketStall
from models.green import GreenArea, Tree
from models.hazards import FloodZone
from models.metadata import LayerSource
from models.mobility import Crossing, Footway
from models.parking import ParkingBay, ParkingZone
from models.transport import Road, TransitStop

__all__ = [
    "STORAGE_SRID",
    "Base",
    "Boundary",
    "Building",
    "Business",
    "Crossing",
    "FloodZone",
    "Footway",
    "GreenArea",
    "LayerSource",
    "MarketStall",
    "Neighbourhood",
    "ParkingBay",
    "ParkingZone",
    "Road",
    "TransitStop",
    "Tree",
]
