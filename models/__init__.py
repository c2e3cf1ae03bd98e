"""The Polis data model: SQLAlchemy 2 + GeoAlchemy2 tables, enums and errors. No I/O."""

from models.audit import AuditEntry
from models.auth import ApiKey, RefreshToken, User
from models.base import STORAGE_SRID, Base
from models.commerce import (
    Attendance,
    Business,
    BusinessChange,
    BusinessClaim,
    Inspection,
    Market,
    MarketLicence,
    MarketStall,
    MarketWarning,
    Offer,
    StallAllocation,
    StreetClosure,
    WaitingListEntry,
)
from models.core import Boundary, Building, Neighbourhood, Road, Waterway
from models.green import GreenArea, Tree
from models.hazards import FloodZone
from models.imports import FeatureKey
from models.metadata import LayerSource
from models.mobility import Crossing, Footway
from models.parking import ParkingBay, ParkingZone
from models.payments import BankTransaction, PaymentOrder
from models.rasters import RasterEntry
from models.transit import GtfsRoute, GtfsShape, GtfsStop, GtfsStopTime, GtfsTrip, TransitStop

__all__ = [
    "WaitingListEntry",
    "StreetClosure",
    "StallAllocation",
    "PaymentOrder",
    "Offer",
    "MarketWarning",
    "MarketLicence",
    "Market",
    "Inspection",
    "BusinessClaim",
    "BusinessChange",
    "BankTransaction",
    "Attendance",
    "STORAGE_SRID",
    "ApiKey",
    "AuditEntry",
    "Base",
    "Boundary",
    "Building",
    "Business",
    "Crossing",
    "FeatureKey",
    "FloodZone",
    "Footway",
    "GreenArea",
    "GtfsRoute",
    "GtfsShape",
    "GtfsStop",
    "GtfsStopTime",
    "GtfsTrip",
    "LayerSource",
    "MarketStall",
    "Neighbourhood",
    "ParkingBay",
    "RasterEntry",
    "ParkingZone",
    "RefreshToken",
    "Road",
    "TransitStop",
    "Tree",
    "User",
    "Waterway",
]
